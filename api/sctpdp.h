/* sctpdp: the SCTP sockets API (RFC 6458, Linux's <netinet/sctp.h>) over
 * sctpdp's DPDK data plane, inside the application's process.
 *
 * A program written for the kernel's SCTP sockets ports by prefixing its
 * calls with sctpdp_: the types, constants and structure layouts are those
 * of <netinet/sctp.h>, and every call fails as the kernel's would, with -1
 * and errno. Any thread may call any function; blocking calls sleep.
 *
 * Descriptors are sctpdp's own, not the process's file descriptors; each
 * has one (sctpdp_event_fd) that poll and epoll see readable while it has
 * something to read. */
#ifndef SCTPDP_H_
#define SCTPDP_H_

#include <netinet/in.h>
#include <netinet/sctp.h>
#include <sys/socket.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Starts the stack from a YAML configuration file (configs/README.md; its
 * eal, ports, shards and sctp sections; endpoints are the daemon's and are
 * ignored here): DPDK, the ports, and a shard on each worker lcore.
 * 0, or -1 with errno EINVAL (the configuration's error, naming the key,
 * goes to standard error), EALREADY (started already) or ENODEV (DPDK or
 * a port could not be set up). */
int sctpdp_init(const char *config_path);
/* Stops the shards (their associations shut down gracefully) and frees the
 * stack; descriptors left open are closed. */
void sctpdp_fini(void);

int sctpdp_socket(int domain, int type, int protocol);
int sctpdp_bind(int sd, const struct sockaddr *addr, socklen_t addrlen);
int sctpdp_listen(int sd, int backlog);
int sctpdp_accept(int sd, struct sockaddr *addr, socklen_t *addrlen);
int sctpdp_connect(int sd, const struct sockaddr *addr, socklen_t addrlen);
ssize_t sctpdp_sendmsg(int sd, const struct msghdr *msg, int flags);
ssize_t sctpdp_recvmsg(int sd, struct msghdr *msg, int flags);
int sctpdp_close(int sd);
int sctpdp_setsockopt(int sd, int level, int optname, const void *optval, socklen_t optlen);
int sctpdp_getsockopt(int sd, int level, int optname, void *optval, socklen_t *optlen);
/* F_GETFL and F_SETFL (O_NONBLOCK). */
int sctpdp_fcntl(int sd, int cmd, int arg);

/* The SCTP library calls (RFC 6458 section 9) and the plain data calls,
 * over sendmsg and recvmsg as lksctp implements them. sctp_recvmsg fills
 * sinfo when the socket subscribed to SCTP_DATA_IO_EVENT. */
int sctpdp_sctp_sendmsg(int sd, const void *msg, size_t len, struct sockaddr *to, socklen_t tolen,
                        uint32_t ppid, uint32_t flags, uint16_t stream_no, uint32_t timetolive,
                        uint32_t context);
int sctpdp_sctp_send(int sd, const void *msg, size_t len, const struct sctp_sndrcvinfo *sinfo,
                     int flags);
int sctpdp_sctp_recvmsg(int sd, void *msg, size_t len, struct sockaddr *from, socklen_t *fromlen,
                        struct sctp_sndrcvinfo *sinfo, int *msg_flags);
ssize_t sctpdp_send(int sd, const void *buf, size_t len, int flags);
ssize_t sctpdp_recv(int sd, void *buf, size_t len, int flags);

/* sctp_peeloff with the reference page's signature and errors:
 * EBADF  sd is not a descriptor;
 * EINVAL assoc_id is NULL, or names no association of sd;
 * ESOCKTNOSUPPORT sd is not a one-to-many (SOCK_SEQPACKET) socket;
 * EMFILE the descriptor table is full;
 * ENOBUFS no memory for the new descriptor's queues;
 * ECONNABORTED the association was aborted. */
int sctpdp_sctp_peeloff(int sd, sctp_assoc_t *assoc_id);

/* The control plane's peeloff: the new descriptor in namespace ns (0: the
 * default one), the association moved to shard (-1: left where it is). */
int sctpdp_peeloff_to(int sd, sctp_assoc_t assoc_id, int ns, int shard);
/* A new descriptor namespace of at most limit descriptors: its number. */
int sctpdp_ns_create(int limit);

/* A file descriptor readable while sd has something to read. */
int sctpdp_event_fd(int sd);

#ifdef __cplusplus
}
#endif

#endif /* SCTPDP_H_ */
