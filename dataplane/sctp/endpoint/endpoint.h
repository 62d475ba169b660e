#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dataplane/sctp/association/association.h"
#include "dataplane/sctp/association/association_options.h"
#include "dataplane/sctp/association/endpoint_context.h"
#include "dataplane/sctp/association/environment.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/cookie/cookie_signer.h"
#include "dataplane/sctp/packet/sctp_packet.h"

namespace sctpdp {

struct EndpointOptions {
  Port local_port{};
  // The local addresses announced in INIT and INIT ACK when there are
  // several (RFC 9260 section 5.1.2); the families listed decide which peer
  // addresses become paths.
  std::vector<IpAddress> local_addresses{};
  AssociationOptions association{};
  // Answers INIT and COOKIE ECHO (a listening socket); otherwise only
  // associations it starts itself exist.
  bool listening = false;
  size_t max_associations = 65536;
  // Association ids are first_association_id, then every
  // association_id_stride on, so that the shards of a data plane (residue
  // and modulus, like tags) share one id space and an association keeps its
  // id when it moves between them.
  uint32_t first_association_id = 1;
  uint32_t association_id_stride = 1;
  SctpPacket::ChecksumCheck checksum_check = SctpPacket::ChecksumCheck::kVerify;
  ChecksumMode checksum_mode = ChecksumMode::kSoftware;
  // Our verification tags satisfy tag % tag_modulus == tag_residue (see
  // EndpointContext::NewTag); a sharded data plane steers by them.
  uint32_t tag_modulus = 1;
  uint32_t tag_residue = 0;
  // How often the cookie secret changes (section 5.1.3).
  Duration secret_rotation = std::chrono::hours(1);
};

struct EndpointMetrics {
  uint64_t packets_received = 0;
  uint64_t packets_malformed = 0;  // framing or checksum: counted and dropped
  uint64_t packets_wrong_port = 0;
  // Section 8.4: packets for no association that start none either (not
  // INIT, not a listener's COOKIE ECHO).
  uint64_t out_of_the_blue = 0;
  uint64_t init_acks_sent = 0;
  uint64_t cookies_rejected = 0;  // bad MAC or malformed
  uint64_t stale_cookies = 0;
  uint64_t associations_created = 0;
  uint64_t icmp_handled = 0;
  uint64_t icmp_ignored = 0;  // no association, wrong tag, too short (section 10)
};

// One local SCTP port: the associations on it and what arrives for none of
// them. It finds a packet's association by the peer's address and port (or
// by our verification tag when the address is new), answers INIT
// statelessly with a signed cookie (section 5.1), creates associations
// from valid COOKIE ECHOes (section 5.1.5), handles out-of-the-blue packets
// by the rules of section 8.4, and frees closed associations. Sans-IO, like
// the association.
class Endpoint {
 public:
  Endpoint(const EndpointOptions& options, Environment& env, TimePoint now);
  ~Endpoint();

  // A received SCTP packet (common header onwards) from `source`.
  void HandlePacket(TimePoint now, const IpAddress& source, std::span<const uint8_t> bytes);
  // The wakeup an association asked for.
  void HandleTimeout(AssociationId id, TimePoint now);
  // Section 10: an ICMP error quoting a packet sent from this endpoint's
  // port. ICMP5: the quoted destination and ports find the association;
  // ICMP6: the quoted tag must be the peer's (or 0 on our INIT, whose
  // Initiate Tag must then be ours). Anything else is ignored and counted.
  void HandleIcmp(TimePoint now, const IcmpReport& report);

  // Starts an association (section 5.1 A) with the endpoint's options or
  // the given ones; nullopt if the addresses are empty or the table is full.
  std::optional<AssociationId> Connect(TimePoint now, std::span<const IpAddress> peer_addresses,
                                       Port peer_port);
  std::optional<AssociationId> Connect(TimePoint now, std::span<const IpAddress> peer_addresses,
                                       Port peer_port, const AssociationOptions& options);
  // `more`: see Association::Send; Flush then sends for every association
  // that queued that way.
  SendResult Send(AssociationId id, TimePoint now, OutgoingMessage message, bool more = false);
  // The bytes copied from the caller's buffer: see Association::Send.
  SendResult Send(AssociationId id, TimePoint now, const SendParams& params,
                  std::span<const uint8_t> payload, bool more = false);
  // The same for an association of this endpoint the caller holds (from
  // Find, valid until it closes), without looking it up.
  SendResult Send(Association& association, TimePoint now, const SendParams& params,
                  std::span<const uint8_t> payload, bool more = false);
  void Flush(TimePoint now);
  void Shutdown(AssociationId id, TimePoint now);
  void Abort(AssociationId id, TimePoint now, std::string_view reason);

  // nullptr once the association has closed (it is freed then).
  Association* Find(AssociationId id);
  // The association with `address` among its paths and `port` as its
  // peer's port (what sendmsg to an address means).
  std::optional<AssociationId> FindByPeer(const IpAddress& address, Port port) const {
    auto found = by_peer_.find({address, port.value()});
    if (found == by_peer_.end()) return std::nullopt;
    return found->second;
  }
  size_t association_count() const { return associations_.size(); }
  std::vector<AssociationId> association_ids() const;
  // Calls f(const Association&) for every association, in no particular
  // order, with no copy of the ids (for counters over many associations);
  // f must not add or remove associations.
  template <typename F>
  void ForEachAssociation(F&& f) const {
    for (const auto& entry : associations_) f(std::as_const(*entry.second.association));
  }

  // Handover: takes an association out (with its address and tag routes)
  // if nothing blocks the move, or puts one in.
  std::unique_ptr<Association> Detach(AssociationId id);
  void Attach(std::unique_ptr<Association> association, TimePoint now);

  // listen() and close() of a socket: whether INIT and COOKIE ECHO start
  // associations from now on.
  void SetListening(bool listening) { options_.listening = listening; }

  const EndpointOptions& options() const { return options_; }
  const EndpointMetrics& metrics() const { return metrics_; }

 private:
  struct Routes {
    std::unique_ptr<Association> association;
    std::vector<IpAddress> addresses;  // registered in by_peer_
    VerificationTag tag{};             // registered in by_tag_
  };

  // Section 8.4.
  void HandleOutOfTheBlue(TimePoint now, const IpAddress& source, const SctpPacket& packet);
  // Section 5.1 B: INIT with no association.
  void AnswerInitWithoutAssociation(TimePoint now, const IpAddress& source,
                                    const SctpPacket& packet);
  // Section 5.1.5: COOKIE ECHO with no association.
  void AcceptCookie(TimePoint now, const IpAddress& source, const SctpPacket& packet,
                    const ChunkView& chunk);
  template <typename Chunk>
  void Reply(const IpAddress& destination, Port peer_port, VerificationTag tag, const Chunk& chunk);
  // After every call into an association: routes follow its paths and
  // tag; a closed association is freed.
  void Sync(AssociationId id);
  void Unroute(Routes& routes);
  AssociationId NextId();
  void MaybeRotateSecret(TimePoint now);
  // After a Send: with `more` the association waits for Flush, otherwise
  // its routes are brought up to date.
  SendResult AfterSend(AssociationId id, SendResult result, bool more);

  EndpointOptions options_;
  CookieSigner signer_;
  EndpointContext context_;
  std::unordered_map<AssociationId, Routes> associations_;
  std::map<std::pair<IpAddress, uint16_t>, AssociationId> by_peer_;
  std::unordered_map<VerificationTag, AssociationId> by_tag_;
  // The by_peer_ route the last packet took (reset whenever routes change).
  struct LastRoute {
    IpAddress address{};
    uint16_t port = 0;
    AssociationId id{};
    Routes* routes = nullptr;
  };
  LastRoute last_route_{};
  std::vector<AssociationId> unflushed_;
  uint32_t next_id_;
  EndpointMetrics metrics_;
};

}  // namespace sctpdp
