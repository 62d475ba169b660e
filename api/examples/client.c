/* An SCTP client written against sctpdp.h the way one is written for the
 * kernel's <netinet/sctp.h>: a one-to-one socket that sends numbered
 * messages to an echo server and checks that each comes back, in order.
 *
 * Usage: client CONFIG ADDRESS PORT COUNT
 * Prints "COUNT messages echoed in order"; exits non-zero otherwise. */
#include <arpa/inet.h>
#include <errno.h>
#include <sctpdp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  if (argc != 5) {
    fprintf(stderr, "usage: %s CONFIG ADDRESS PORT COUNT\n", argv[0]);
    return 2;
  }
  if (sctpdp_init(argv[1]) != 0) {
    perror("sctpdp_init");
    return 1;
  }
  struct sockaddr_in server = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[3]))};
  if (inet_pton(AF_INET, argv[2], &server.sin_addr) != 1) {
    fprintf(stderr, "client: %s is not an IPv4 address\n", argv[2]);
    return 2;
  }
  int sd = sctpdp_socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP);
  if (sd < 0 || sctpdp_connect(sd, (struct sockaddr *)&server, sizeof server) != 0) {
    perror("client: connect");
    return 1;
  }
  const long count = atol(argv[4]);
  for (long i = 0; i < count; ++i) {
    char line[64];
    const int length = snprintf(line, sizeof line, "message %ld", i);
    struct iovec iov = {.iov_base = line, .iov_len = (size_t)length};
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1};
    if (sctpdp_sendmsg(sd, &message, 0) != length) {
      perror("sctpdp_sendmsg");
      return 1;
    }
    char echo[64];
    iov.iov_base = echo;
    iov.iov_len = sizeof echo - 1;
    const ssize_t n = sctpdp_recvmsg(sd, &message, 0);
    if (n != length || memcmp(echo, line, (size_t)length) != 0 || !(message.msg_flags & MSG_EOR)) {
      echo[n > 0 ? n : 0] = '\0';
      fprintf(stderr, "client: sent \"%s\", got \"%s\" (%zd bytes)\n", line, echo, n);
      return 1;
    }
  }
  printf("%ld messages echoed in order\n", count);
  sctpdp_close(sd);
  sctpdp_fini();
  return 0;
}
