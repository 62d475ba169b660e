#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "dataplane/sctp/packet/parameter/adaptation_layer_indication_parameter.h"
#include "dataplane/sctp/packet/parameter/add_incoming_streams_request_parameter.h"
#include "dataplane/sctp/packet/parameter/add_ip_address_parameter.h"
#include "dataplane/sctp/packet/parameter/add_outgoing_streams_request_parameter.h"
#include "dataplane/sctp/packet/parameter/chunk_list_parameter.h"
#include "dataplane/sctp/packet/parameter/cookie_preservative_parameter.h"
#include "dataplane/sctp/packet/parameter/delete_ip_address_parameter.h"
#include "dataplane/sctp/packet/parameter/ecn_capable_parameter.h"
#include "dataplane/sctp/packet/parameter/error_cause_indication_parameter.h"
#include "dataplane/sctp/packet/parameter/forward_tsn_supported_parameter.h"
#include "dataplane/sctp/packet/parameter/heartbeat_info_parameter.h"
#include "dataplane/sctp/packet/parameter/host_name_address_parameter.h"
#include "dataplane/sctp/packet/parameter/incoming_ssn_reset_request_parameter.h"
#include "dataplane/sctp/packet/parameter/ipv4_address_parameter.h"
#include "dataplane/sctp/packet/parameter/ipv6_address_parameter.h"
#include "dataplane/sctp/packet/parameter/outgoing_ssn_reset_request_parameter.h"
#include "dataplane/sctp/packet/parameter/padding_parameter.h"
#include "dataplane/sctp/packet/parameter/random_parameter.h"
#include "dataplane/sctp/packet/parameter/reconfiguration_response_parameter.h"
#include "dataplane/sctp/packet/parameter/requested_hmac_algorithm_parameter.h"
#include "dataplane/sctp/packet/parameter/set_primary_address_parameter.h"
#include "dataplane/sctp/packet/parameter/ssn_tsn_reset_request_parameter.h"
#include "dataplane/sctp/packet/parameter/state_cookie_parameter.h"
#include "dataplane/sctp/packet/parameter/success_indication_parameter.h"
#include "dataplane/sctp/packet/parameter/supported_address_types_parameter.h"
#include "dataplane/sctp/packet/parameter/supported_extensions_parameter.h"
#include "dataplane/sctp/packet/parameter/unknown_parameter.h"
#include "dataplane/sctp/packet/parameter/unrecognized_parameter.h"
#include "dataplane/sctp/packet/parameter/zero_checksum_acceptable_parameter.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/tlv_list.h"

namespace sctpdp {

// Any parameter of INIT, INIT ACK, HEARTBEAT, RE-CONFIG, ASCONF and
// ASCONF-ACK, in the order of their type values; types no RFC here defines
// become UnknownParameter.
using AnyParameter = std::variant<
    HeartbeatInfoParameter, Ipv4AddressParameter, Ipv6AddressParameter, StateCookieParameter,
    UnrecognizedParameter, CookiePreservativeParameter, HostNameAddressParameter,
    SupportedAddressTypesParameter, OutgoingSsnResetRequestParameter,
    IncomingSsnResetRequestParameter, SsnTsnResetRequestParameter, ReconfigurationResponseParameter,
    AddOutgoingStreamsRequestParameter, AddIncomingStreamsRequestParameter, EcnCapableParameter,
    ZeroChecksumAcceptableParameter, RandomParameter, ChunkListParameter,
    RequestedHmacAlgorithmParameter, PaddingParameter, SupportedExtensionsParameter,
    ForwardTsnSupportedParameter, AddIpAddressParameter, DeleteIpAddressParameter,
    ErrorCauseIndicationParameter, SetPrimaryAddressParameter, SuccessIndicationParameter,
    AdaptationLayerIndicationParameter, UnknownParameter>;

// Parses one parameter (`tlv` without its padding, as TlvList::Field::bytes
// gives it) as the struct its type names; unknown types as UnknownParameter.
ParseResult<AnyParameter> ParseParameter(std::span<const uint8_t> tlv);

// Parses every field of a parameter list with ParseParameter; the first
// failure, its offset counted from the start of the list.
std::optional<ParseError> ValidateParameters(const TlvList& list);

// The ToString of whichever parameter it holds.
std::string ParameterToString(const AnyParameter& parameter);

}  // namespace sctpdp
