#include "dataplane/sctp/association/notification.h"

#include <gtest/gtest.h>

namespace sctpdp {
namespace {

const IpAddress kV4 = IpAddress::FromIpv4({198, 18, 0, 1});
const IpAddress kV6 =
    IpAddress::FromIpv6({0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01});

TEST(NotificationToStringTest, AssociationChangeUp) {
  // RFC 6458 section 6.1.1: SCTP_COMM_UP with the stream counts.
  AssociationChange change;
  change.state = AssociationChange::State::kCommUp;
  change.outbound_streams = 10;
  change.inbound_streams = 10;
  EXPECT_EQ(NotificationToString(change), "ASSOC_CHANGE COMM_UP out=10 in=10");
  change.state = AssociationChange::State::kRestart;
  change.inbound_streams = 3;
  EXPECT_EQ(NotificationToString(change), "ASSOC_CHANGE RESTART out=10 in=3");
}

TEST(NotificationToStringTest, AssociationChangeLost) {
  AssociationChange change;
  change.state = AssociationChange::State::kCommLost;
  change.reason = AssociationChange::Reason::kPeerAbort;
  change.error = 12;
  change.abort_causes = {0x00, 0x0c, 0x00, 0x04};
  EXPECT_EQ(NotificationToString(change),
            "ASSOC_CHANGE COMM_LOST reason=PEER_ABORT error=12 causes=4");
  change.reason = AssociationChange::Reason::kRetransmissionLimit;
  change.error = 0;
  change.abort_causes.clear();
  EXPECT_EQ(NotificationToString(change), "ASSOC_CHANGE COMM_LOST reason=RETRANSMISSION_LIMIT");
}

TEST(NotificationToStringTest, AssociationChangeOtherStates) {
  AssociationChange change;
  change.state = AssociationChange::State::kShutdownComplete;
  EXPECT_EQ(NotificationToString(change), "ASSOC_CHANGE SHUTDOWN_COMP");
  change.state = AssociationChange::State::kCantStartAssociation;
  change.reason = AssociationChange::Reason::kCookieStale;
  EXPECT_EQ(NotificationToString(change), "ASSOC_CHANGE CANT_STR_ASSOC reason=COOKIE_STALE");
  change.reason = AssociationChange::Reason::kUserAbort;
  EXPECT_EQ(NotificationToString(change), "ASSOC_CHANGE CANT_STR_ASSOC reason=USER_ABORT");
  change.reason = AssociationChange::Reason::kProtocolViolation;
  EXPECT_EQ(NotificationToString(change), "ASSOC_CHANGE CANT_STR_ASSOC reason=PROTOCOL_VIOLATION");
}

TEST(NotificationToStringTest, PeerAddressChange) {
  // RFC 6458 section 6.1.2.
  PeerAddressChange change;
  change.address = kV4;
  change.state = PeerAddressChange::State::kUnreachable;
  EXPECT_EQ(NotificationToString(change), "PEER_ADDR_CHANGE 198.18.0.1 UNREACHABLE");
  change.state = PeerAddressChange::State::kAvailable;
  EXPECT_EQ(NotificationToString(change), "PEER_ADDR_CHANGE 198.18.0.1 AVAILABLE");
  change.address = kV6;
  change.state = PeerAddressChange::State::kConfirmed;
  EXPECT_EQ(NotificationToString(change), "PEER_ADDR_CHANGE 2001:db8::1 CONFIRMED");
  change.state = PeerAddressChange::State::kMadePrimary;
  EXPECT_EQ(NotificationToString(change), "PEER_ADDR_CHANGE 2001:db8::1 MADE_PRIM");
  change.state = PeerAddressChange::State::kAdded;
  EXPECT_EQ(NotificationToString(change), "PEER_ADDR_CHANGE 2001:db8::1 ADDED");
  change.state = PeerAddressChange::State::kRemoved;
  EXPECT_EQ(NotificationToString(change), "PEER_ADDR_CHANGE 2001:db8::1 REMOVED");
}

TEST(NotificationToStringTest, SendFailed) {
  // RFC 6458 section 6.1.11: SCTP_DATA_SENT or SCTP_DATA_UNSENT.
  SendFailed failed;
  failed.sent = true;
  failed.stream_id = StreamId(1);
  failed.ppid = Ppid(5);
  failed.payload.assign(100, 0xab);
  EXPECT_EQ(NotificationToString(failed), "SEND_FAILED sent sid=1 ppid=5 len=100");
  failed.sent = false;
  failed.unordered = true;
  failed.error = 13;
  failed.context = 77;
  EXPECT_EQ(NotificationToString(failed),
            "SEND_FAILED unsent sid=1 ppid=5 len=100 unordered error=13 context=77");
}

TEST(NotificationToStringTest, TheOthers) {
  RemoteError error;
  error.error = 1;
  error.causes = {0x00, 0x01, 0x00, 0x08, 0x00, 0x05, 0x00, 0x00};
  EXPECT_EQ(NotificationToString(error), "REMOTE_ERROR error=1 causes=8");
  EXPECT_EQ(NotificationToString(ShutdownEvent{}), "SHUTDOWN_EVENT");
  EXPECT_EQ(NotificationToString(AdaptationIndication{.code_point = 0x1234abcd}),
            "ADAPTATION_INDICATION 0x1234abcd");
  EXPECT_EQ(NotificationToString(PartialDeliveryAborted{.stream_id = StreamId(7), .sequence = 4}),
            "PARTIAL_DELIVERY_ABORTED sid=7 seq=4");
  EXPECT_EQ(NotificationToString(SenderDry{}), "SENDER_DRY");
}

}  // namespace
}  // namespace sctpdp
