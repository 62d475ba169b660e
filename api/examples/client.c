/* An SCTP client written against sctpdp.h the way one is written for the
 * kernel's <netinet/sctp.h>: it sends numbered messages to an echo server
 * and checks that each comes back, in order. With "stream" it connects a
 * one-to-one socket and uses sendmsg and recvmsg; with "seqpacket" a
 * one-to-many socket sets its association up implicitly with the first
 * sctp_sendmsg to the server's address, on stream 1 with PPID 42, and
 * sctp_recvmsg reports each echo's stream and PPID.
 *
 * Usage: client CONFIG ADDRESS PORT COUNT stream|seqpacket
 * Prints "COUNT messages echoed in order"; exits non-zero otherwise. */
#include <arpa/inet.h>
#include <errno.h>
#include <sctpdp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int Fail(const char *what, const char *line, const char *echo, ssize_t n) {
  fprintf(stderr, "client: %s: sent \"%s\", got \"%s\" (%zd bytes)\n", what, line, echo, n);
  return 1;
}

int main(int argc, char **argv) {
  if (argc != 6) {
    fprintf(stderr, "usage: %s CONFIG ADDRESS PORT COUNT stream|seqpacket\n", argv[0]);
    return 2;
  }
  const int one_to_many = strcmp(argv[5], "seqpacket") == 0;
  if (sctpdp_init(argv[1]) != 0) {
    perror("sctpdp_init");
    return 1;
  }
  struct sockaddr_in server = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[3]))};
  if (inet_pton(AF_INET, argv[2], &server.sin_addr) != 1) {
    fprintf(stderr, "client: %s is not an IPv4 address\n", argv[2]);
    return 2;
  }
  int sd = sctpdp_socket(AF_INET, one_to_many ? SOCK_SEQPACKET : SOCK_STREAM, IPPROTO_SCTP);
  if (sd < 0) {
    perror("sctpdp_socket");
    return 1;
  }
  if (one_to_many) {
    /* sctp_recvmsg's sinfo comes with the data I/O event. */
    struct sctp_event_subscribe events = {.sctp_data_io_event = 1};
    if (sctpdp_setsockopt(sd, IPPROTO_SCTP, SCTP_EVENTS, &events, sizeof events) != 0) {
      perror("SCTP_EVENTS");
      return 1;
    }
  } else if (sctpdp_connect(sd, (struct sockaddr *)&server, sizeof server) != 0) {
    perror("client: connect");
    return 1;
  }
  const long count = atol(argv[4]);
  for (long i = 0; i < count; ++i) {
    char line[64];
    const int length = snprintf(line, sizeof line, "message %ld", i);
    char echo[64] = {0};
    ssize_t n = 0;
    if (one_to_many) {
      if (sctpdp_sctp_sendmsg(sd, line, (size_t)length, (struct sockaddr *)&server, sizeof server,
                              htonl(42), 0, 1, 0, 0) != length) {
        perror("sctpdp_sctp_sendmsg");
        return 1;
      }
      struct sctp_sndrcvinfo sinfo;
      memset(&sinfo, 0, sizeof sinfo);
      int flags = 0;
      n = sctpdp_sctp_recvmsg(sd, echo, sizeof echo - 1, NULL, NULL, &sinfo, &flags);
      if (n > 0 && (sinfo.sinfo_stream != 1 || ntohl(sinfo.sinfo_ppid) != 42)) {
        return Fail("stream or PPID changed", line, echo, n);
      }
      if (!(flags & MSG_EOR)) return Fail("no MSG_EOR", line, echo, n);
    } else {
      struct iovec iov = {.iov_base = line, .iov_len = (size_t)length};
      struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1};
      if (sctpdp_sendmsg(sd, &message, 0) != length) {
        perror("sctpdp_sendmsg");
        return 1;
      }
      iov.iov_base = echo;
      iov.iov_len = sizeof echo - 1;
      n = sctpdp_recvmsg(sd, &message, 0);
      if (!(message.msg_flags & MSG_EOR)) return Fail("no MSG_EOR", line, echo, n);
    }
    if (n != length || memcmp(echo, line, (size_t)length) != 0) {
      return Fail("a different echo", line, echo, n);
    }
  }
  printf("%ld messages echoed in order\n", count);
  sctpdp_close(sd);
  sctpdp_fini();
  return 0;
}
