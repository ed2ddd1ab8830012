/* The floor of any wrapper, for bench/overhead: the smallest C program that does what
 * reos-backup's runner must do (posix_spawn the program with stdout on a pipe, read it all,
 * wait for the exit). reos-backup's overhead is judged against this, not only against 0. */
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  int p[2];
  if (pipe(p) != 0) return 2;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, p[1], 1);
  posix_spawn_file_actions_addclose(&fa, p[0]);
  pid_t pid;
  if (posix_spawnp(&pid, argv[1], &fa, NULL, argv + 1, environ) != 0) return 2;
  close(p[1]);
  char buf[65536];
  while (read(p[0], buf, sizeof buf) > 0) {
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
