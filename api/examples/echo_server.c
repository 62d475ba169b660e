/* An SCTP echo server written against sctpdp.h the way one is written for
 * the kernel's <netinet/sctp.h>: a one-to-many socket that returns every
 * message on its stream with its PPID, and reports associations coming
 * and going.
 *
 * Usage: echo_server CONFIG PORT SECONDS
 * Prints "echoed N messages" at the end; exits non-zero on any error. */
#include <errno.h>
#include <poll.h>
#include <sctpdp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double Now(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s CONFIG PORT SECONDS\n", argv[0]);
    return 2;
  }
  if (sctpdp_init(argv[1]) != 0) {
    perror("sctpdp_init");
    return 1;
  }
  int sd = sctpdp_socket(AF_INET, SOCK_SEQPACKET, IPPROTO_SCTP);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2]))};
  struct sctp_event event = {.se_assoc_id = 0, .se_type = SCTP_ASSOC_CHANGE, .se_on = 1};
  int on = 1;
  if (sd < 0 || sctpdp_bind(sd, (struct sockaddr *)&address, sizeof address) != 0 ||
      sctpdp_setsockopt(sd, IPPROTO_SCTP, SCTP_EVENT, &event, sizeof event) != 0 ||
      sctpdp_setsockopt(sd, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof on) != 0 ||
      sctpdp_listen(sd, 16) != 0) {
    perror("echo_server: socket");
    return 1;
  }
  printf("listening on port %s\n", argv[2]);
  fflush(stdout);

  const double end = Now() + atof(argv[3]);
  long echoed = 0;
  char buffer[65536];
  while (Now() < end) {
    /* The descriptor's event fd: poll sleeps until something arrives. */
    struct pollfd ready = {.fd = sctpdp_event_fd(sd), .events = POLLIN, .revents = 0};
    if (poll(&ready, 1, 100) <= 0) continue;
    struct iovec iov = {.iov_base = buffer, .iov_len = sizeof buffer};
    char control[CMSG_SPACE(sizeof(struct sctp_rcvinfo))];
    struct msghdr message = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = control, .msg_controllen = sizeof control};
    ssize_t n = sctpdp_recvmsg(sd, &message, MSG_DONTWAIT);
    if (n < 0) {
      if (errno == EAGAIN) continue;
      perror("sctpdp_recvmsg");
      return 1;
    }
    if (message.msg_flags & MSG_NOTIFICATION) {
      const union sctp_notification *notification = (const void *)buffer;
      if (notification->sn_header.sn_type == SCTP_ASSOC_CHANGE) {
        const struct sctp_assoc_change *change = &notification->sn_assoc_change;
        printf("association %d: %s\n", change->sac_assoc_id,
               change->sac_state == SCTP_COMM_UP         ? "COMM_UP"
               : change->sac_state == SCTP_SHUTDOWN_COMP ? "SHUTDOWN_COMP"
               : change->sac_state == SCTP_COMM_LOST     ? "COMM_LOST"
                                                         : "other");
        fflush(stdout);
      }
      continue;
    }
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&message);
    if (cmsg == NULL || cmsg->cmsg_type != SCTP_RCVINFO) {
      fprintf(stderr, "echo_server: a message without SCTP_RCVINFO\n");
      return 1;
    }
    struct sctp_rcvinfo info;
    memcpy(&info, CMSG_DATA(cmsg), sizeof info);
    /* Back on its stream, with its PPID, to its association. */
    struct sctp_sndinfo sndinfo = {.snd_sid = info.rcv_sid,
                                   .snd_flags = info.rcv_flags & SCTP_UNORDERED,
                                   .snd_ppid = info.rcv_ppid,
                                   .snd_context = 0,
                                   .snd_assoc_id = info.rcv_assoc_id};
    char send_control[CMSG_SPACE(sizeof sndinfo)];
    memset(send_control, 0, sizeof send_control);
    iov.iov_len = (size_t)n;
    struct msghdr reply = {.msg_iov = &iov,
                           .msg_iovlen = 1,
                           .msg_control = send_control,
                           .msg_controllen = sizeof send_control};
    cmsg = CMSG_FIRSTHDR(&reply);
    cmsg->cmsg_level = IPPROTO_SCTP;
    cmsg->cmsg_type = SCTP_SNDINFO;
    cmsg->cmsg_len = CMSG_LEN(sizeof sndinfo);
    memcpy(CMSG_DATA(cmsg), &sndinfo, sizeof sndinfo);
    if (sctpdp_sendmsg(sd, &reply, 0) != n) {
      perror("sctpdp_sendmsg");
      return 1;
    }
    ++echoed;
  }
  printf("echoed %ld messages\n", echoed);
  sctpdp_close(sd);
  sctpdp_fini();
  return 0;
}
