#pragma once

#include "dataplane/sctp/association/association_options.h"
#include "dataplane/sctp/association/endpoint_context.h"
#include "dataplane/sctp/association/init_parameters.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/sctp/common/time.h"
#include "dataplane/sctp/common/types.h"
#include "dataplane/sctp/packet/chunk/init_chunk.h"

namespace sctpdp {

// What the INIT ACK carries that depends on who answers: a listening
// endpoint with no association (RFC 9260 section 5.1 B, tie-tags zero) or
// an association in one of the states of sections 5.2.1 and 5.2.2.
struct InitAnswer {
  VerificationTag initiate_tag{};
  Tsn initial_tsn{};
  VerificationTag local_tie_tag{};
  VerificationTag peer_tie_tag{};
};

// Section 3.3.2 and 3.3.3: "The Advertised Receiver Window Credit MUST NOT
// be smaller than 1500."
inline constexpr uint32_t kMinAdvertisedWindow = 1500;

// Answers a received INIT (alone in its packet, common header tag zero):
// not at all when its Initiate Tag is zero (section 3.3.2); with an ABORT
// when the INIT is invalid (section 3.3.2: zero streams, an a_rwnd below
// kMinAdvertisedWindow; section 5.1.2: an unresolvable Host Name Address),
// whose tag is the INIT's Initiate Tag (section 8.4 rule 3); otherwise with
// an INIT ACK to `source` carrying a signed State Cookie (section 5.1.3),
// the endpoint's parameters and the INIT's unrecognized parameters reported
// (section 3.2.1). Returns true if an INIT ACK was sent.
bool AnswerInit(EndpointContext& context, const AssociationOptions& options,
                AssociationId association, TimePoint now, const InitChunk& init,
                const InitParameters& parameters, const IpAddress& source, Port peer_port,
                const InitAnswer& answer);

}  // namespace sctpdp
