#pragma once

#include <cstdint>
#include <vector>

#include "dataplane/sctp/association/notification.h"
#include "dataplane/sctp/common/types.h"

namespace sctpdp::api {

// RFC 6458 section 6.1: the lksctp structure (`<netinet/sctp.h>`) a reader
// gets for `notification` of association `id`, as bytes.
std::vector<uint8_t> NotificationBytes(const Notification& notification, AssociationId id);

// Its sn_type (SCTP_ASSOC_CHANGE, ...), for SCTP_EVENT subscriptions.
uint16_t NotificationType(const Notification& notification);

}  // namespace sctpdp::api
