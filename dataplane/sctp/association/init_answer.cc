#include "dataplane/sctp/association/init_answer.h"

#include <algorithm>
#include <chrono>

#include "dataplane/sctp/packet/chunk/abort_chunk.h"
#include "dataplane/sctp/packet/chunk/init_ack_chunk.h"
#include "dataplane/sctp/packet/error_cause/invalid_mandatory_parameter_cause.h"
#include "dataplane/sctp/packet/error_cause/unresolvable_address_cause.h"
#include "dataplane/sctp/packet/packet_builder.h"
#include "dataplane/sctp/packet/parameter/state_cookie_parameter.h"
#include "dataplane/sctp/packet/parameter/unrecognized_parameter.h"

namespace sctpdp {
namespace {

// Section 3.3.2.1.3: a requested cookie lifespan increment is granted up
// to Valid.Cookie.Life again, so a peer cannot make cookies live for ever.
CookieLifespan GrantedIncrement(const AssociationOptions& options, std::optional<uint32_t> asked) {
  if (!asked) return CookieLifespan(0);
  const auto limit =
      std::chrono::duration_cast<std::chrono::milliseconds>(options.valid_cookie_life);
  return CookieLifespan(static_cast<uint32_t>(std::min<int64_t>(*asked, limit.count())));
}

}  // namespace

bool AnswerInit(EndpointContext& context, const AssociationOptions& options,
                AssociationId association, TimePoint now, const InitChunk& init,
                const InitParameters& parameters, const IpAddress& source, Port peer_port,
                const InitAnswer& answer) {
  // Section 3.3.2: "If the value of the Initiate Tag in a received INIT
  // chunk is found to be 0, the receiver MUST silently discard the packet."
  if (init.initiate_tag == VerificationTag(0)) return false;
  // Section 3.3.2: a zero OS or MIS, or an a_rwnd below 1500, is a
  // protocol error answered with ABORT.
  if (init.outbound_streams == 0 || init.inbound_streams == 0 ||
      init.a_rwnd < kMinAdvertisedWindow || parameters.malformed) {
    context.SendChunkAlone(
        association, source, peer_port, init.initiate_tag,
        AbortChunk{.error_causes = context.OneCause(InvalidMandatoryParameterCause{})});
    return false;
  }
  if (parameters.has_host_name) {
    // Section 5.1.2: sctpdp resolves no host names.
    context.SendChunkAlone(
        association, source, peer_port, init.initiate_tag,
        AbortChunk{.error_causes = context.OneCause(UnresolvableAddressCause{})});
    return false;
  }

  StateCookie cookie;
  cookie.local_verification_tag = answer.initiate_tag;
  cookie.peer_verification_tag = init.initiate_tag;
  cookie.local_initial_tsn = answer.initial_tsn;
  cookie.peer_initial_tsn = init.initial_tsn;
  cookie.peer_a_rwnd = init.a_rwnd;
  cookie.local_outbound_streams = options.outbound_streams;
  cookie.local_inbound_streams = options.max_inbound_streams;
  cookie.peer_outbound_streams = init.outbound_streams;
  cookie.peer_inbound_streams = init.inbound_streams;
  cookie.local_tie_tag = answer.local_tie_tag;
  cookie.peer_tie_tag = answer.peer_tie_tag;
  cookie.local_port = context.local_port;
  cookie.peer_port = peer_port;
  cookie.lifespan = CookieLifespan(static_cast<uint32_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(options.valid_cookie_life).count()));
  cookie.lifespan_increment = GrantedIncrement(options, parameters.cookie_preservative_ms);
  // Section 5.1.2 C: the source address, then the listed ones.
  cookie.AddPeerAddress(ToCookieAddress(source));
  for (const IpAddress& address : parameters.addresses) {
    if (address != source) cookie.AddPeerAddress(ToCookieAddress(address));
  }
  cookie.local_capabilities = LocalCapabilities(options);
  cookie.peer_capabilities = parameters.capabilities;

  // The signed cookie, then the parameters, into one buffer the INIT ACK
  // views.
  std::array<uint8_t, CookieSigner::kMaxCookieSize> signed_cookie{};
  const std::span<const uint8_t> cookie_bytes = context.signer->SignTo(cookie, now, signed_cookie);
  std::vector<uint8_t>& buffer = context.scratch.chunk;
  buffer.assign(EndpointContext::kMaxPacketSize, 0);
  TlvListWriter writer(buffer, WireKind::kParameter);
  bool ok = writer.Add(StateCookieParameter{.cookie = cookie_bytes});
  ok &= WriteLocalInitParameters(writer, context.local_addresses, options, std::nullopt);
  for (std::span<const uint8_t> unrecognized : parameters.unrecognized) {
    // Section 3.3.3: each unrecognized parameter returned in its own
    // Unrecognized Parameter; what does not fit is left out.
    if (!writer.Add(UnrecognizedParameter{.parameter = unrecognized})) break;
  }
  if (!ok) return false;
  // Section 3.3.3: the INIT ACK's OS "MUST NOT be greater than the MIS value
  // sent in the INIT chunk" (section 5.1.1).
  const uint16_t outbound_streams = std::min(options.outbound_streams, init.inbound_streams);
  context.SendChunkAlone(association, source, peer_port, init.initiate_tag,
                         InitAckChunk{.initiate_tag = answer.initiate_tag,
                                      .a_rwnd = static_cast<uint32_t>(std::min<size_t>(
                                          options.receive_buffer_bytes, 0xffffffffu)),
                                      .outbound_streams = outbound_streams,
                                      .inbound_streams = options.max_inbound_streams,
                                      .initial_tsn = answer.initial_tsn,
                                      .parameters = writer.list()});
  return true;
}

}  // namespace sctpdp
