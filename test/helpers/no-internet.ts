/**
 * Loaded before every test file (jest.config.js setupFiles): no test asks Docker Hub or any registry on the
 * internet for base-image sizes, whatever the machine can reach. A test that reads a loopback registry names it
 * with --base-registry, which wins over this.
 */
process.env.IMGDIET_BASE_REGISTRY = 'off';
