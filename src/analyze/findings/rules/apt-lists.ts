import { pathRule, under } from '../path-rule';

/** apt's package lists: downloaded by `apt-get update`, useless once packages are installed. */
export const aptLists = pathRule(
  {
    id: 'apt-lists',
    category: 'waste',
    severity: 'medium',
    title: 'apt package lists',
    description:
      '`apt-get update` downloads the package index of every configured repository into /var/lib/apt/lists. ' +
      'The running container never needs it, and removing it in a later RUN does not shrink the image: the bytes ' +
      'stay in the layer that downloaded them. This rule counts the lists both where they are still visible and ' +
      'where a later layer deleted them.',
    fix: 'End the RUN that calls apt-get update with `&& rm -rf /var/lib/apt/lists/*`, in the same RUN.',
  },
  (path) => under(path, 'var/lib/apt/lists') && !path.endsWith('/lock'),
);
