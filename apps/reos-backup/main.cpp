// reos-backup: the whole program lives in the library; main only hands over argv.
#include "reos/cli/app.hpp"

int main(int argc, char** argv) { return reos::cli::main_entry(argc, argv); }
