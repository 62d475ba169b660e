#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>

#include "dataplane/sctp/packet/error_cause/cookie_received_while_shutting_down_cause.h"
#include "dataplane/sctp/packet/error_cause/delete_last_remaining_address_cause.h"
#include "dataplane/sctp/packet/error_cause/delete_source_address_cause.h"
#include "dataplane/sctp/packet/error_cause/illegal_asconf_ack_cause.h"
#include "dataplane/sctp/packet/error_cause/invalid_mandatory_parameter_cause.h"
#include "dataplane/sctp/packet/error_cause/invalid_stream_identifier_cause.h"
#include "dataplane/sctp/packet/error_cause/missing_mandatory_parameter_cause.h"
#include "dataplane/sctp/packet/error_cause/no_authorization_cause.h"
#include "dataplane/sctp/packet/error_cause/no_user_data_cause.h"
#include "dataplane/sctp/packet/error_cause/out_of_resource_cause.h"
#include "dataplane/sctp/packet/error_cause/protocol_violation_cause.h"
#include "dataplane/sctp/packet/error_cause/resource_shortage_cause.h"
#include "dataplane/sctp/packet/error_cause/restart_with_new_addresses_cause.h"
#include "dataplane/sctp/packet/error_cause/stale_cookie_cause.h"
#include "dataplane/sctp/packet/error_cause/unknown_error_cause.h"
#include "dataplane/sctp/packet/error_cause/unrecognized_chunk_type_cause.h"
#include "dataplane/sctp/packet/error_cause/unrecognized_parameters_cause.h"
#include "dataplane/sctp/packet/error_cause/unresolvable_address_cause.h"
#include "dataplane/sctp/packet/error_cause/unsupported_hmac_identifier_cause.h"
#include "dataplane/sctp/packet/error_cause/user_initiated_abort_cause.h"
#include "dataplane/sctp/packet/parse_result.h"
#include "dataplane/sctp/packet/tlv_list.h"

namespace sctpdp {

// Any error cause of RFC 9260 section 3.3.10, RFC 5061 section 4.3 or
// RFC 4895 section 4.1; UnknownErrorCause holds every other code.
using AnyErrorCause =
    std::variant<InvalidStreamIdentifierCause, MissingMandatoryParameterCause, StaleCookieCause,
                 OutOfResourceCause, UnresolvableAddressCause, UnrecognizedChunkTypeCause,
                 InvalidMandatoryParameterCause, UnrecognizedParametersCause, NoUserDataCause,
                 CookieReceivedWhileShuttingDownCause, RestartWithNewAddressesCause,
                 UserInitiatedAbortCause, ProtocolViolationCause, DeleteLastRemainingAddressCause,
                 ResourceShortageCause, DeleteSourceAddressCause, IllegalAsconfAckCause,
                 NoAuthorizationCause, UnsupportedHmacIdentifierCause, UnknownErrorCause>;

// Parses one cause (`tlv` is the whole cause without trailing padding, as a
// TlvList field holds it) into the struct its code names. Errors are relative
// to `tlv`.
ParseResult<AnyErrorCause> ParseErrorCause(std::span<const uint8_t> tlv);

// Parses every cause of `list` (the causes of an ERROR or ABORT chunk, or of
// an Error Cause Indication parameter) and returns the first failure, its
// offset relative to the start of the list; nullopt if every cause parses.
std::optional<ParseError> ValidateErrorCauses(const TlvList& list);

// The ToString of whichever cause `cause` holds.
std::string ErrorCauseToString(const AnyErrorCause& cause);

}  // namespace sctpdp
