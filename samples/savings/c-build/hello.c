/* A small C service stand-in: prints a greeting and the number of arguments it was given. */
#include <stdio.h>

int main(int argc, char **argv) {
    (void)argv;
    printf("hello from a C program (%d arguments)\n", argc - 1);
    return 0;
}
