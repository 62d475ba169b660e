// RFC 9260 section 10: ICMP errors about packets the endpoint sent, as the
// network layer reports them (IcmpReport), each rule ICMP5 to ICMP9.
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "dataplane/sctp/common/icmp_report.h"
#include "dataplane/sctp/packet/chunk/data_chunk.h"
#include "dataplane/sctp/packet/chunk/init_chunk.h"
#include "tests/unit/endpoint/scripted_peer.h"

namespace sctpdp::testing {
namespace {

// The first bytes of an SCTP packet the endpoint sent, as an ICMP message
// quotes them: the common header and, for an INIT, its type and Initiate
// Tag.
std::vector<uint8_t> Quoted(VerificationTag tag, std::optional<VerificationTag> init = {}) {
  std::vector<uint8_t> bytes(init ? 20 : 8);
  auto put16 = [&](size_t at, uint16_t value) {
    bytes[at] = static_cast<uint8_t>(value >> 8);
    bytes[at + 1] = static_cast<uint8_t>(value);
  };
  auto put32 = [&](size_t at, uint32_t value) {
    put16(at, static_cast<uint16_t>(value >> 16));
    put16(at + 2, static_cast<uint16_t>(value));
  };
  put16(0, kLocalPort.value());
  put16(2, kPeerPort.value());
  put32(4, tag.value());
  if (init) {
    bytes[12] = static_cast<uint8_t>(ChunkType::kInit);
    put32(16, init->value());
  }
  return bytes;
}

class IcmpTest : public EndpointTest {
 protected:
  void Icmp(IcmpReport::Kind kind, const std::vector<uint8_t>& quoted, uint32_t mtu = 0,
            const IpAddress& destination = PeerAddress()) {
    endpoint().HandleIcmp(
        now(), IcmpReport{.kind = kind, .destination = destination, .mtu = mtu, .quoted = quoted});
  }

  // Sends one message of `size` bytes; returns the sizes of the DATA
  // chunks' payloads that went.
  std::vector<size_t> SendAndMeasure(size_t size) {
    EXPECT_EQ(endpoint().Send(id_, now(), Message(size)), SendResult::kOk);
    std::vector<size_t> payloads;
    for (const CapturedPacket& packet : TakePackets()) {
      for (const DataChunk* data : packet.All<DataChunk>())
        payloads.push_back(data->payload.size());
    }
    return payloads;
  }

  size_t PathMtu() { return association()->paths().at(0).mtu; }
};

TEST_F(IcmpTest, PacketTooBigLowersThePathMtuForWhatIsFragmentedNext) {
  options_.association.nodelay = true;  // both fragments at once
  id_ = EstablishPassive();
  ASSERT_EQ(PathMtu(), 1500u);
  EXPECT_EQ(SendAndMeasure(1400), std::vector<size_t>{1400});
  // ICMP7: fragmentation needed, next hop MTU 1000 (20 IPv4, 12 common
  // header and 16 DATA header leave 952 for the payload).
  Icmp(IcmpReport::Kind::kPacketTooBig, Quoted(peer_.tag), 1000);
  EXPECT_EQ(PathMtu(), 1000u);
  EXPECT_EQ(association()->metrics().path_mtu_decreases, 1u);
  EXPECT_EQ(SendAndMeasure(1400), (std::vector<size_t>{952, 448}));
  // Never up again by ICMP, and never below the floor (576 for IPv4).
  Icmp(IcmpReport::Kind::kPacketTooBig, Quoted(peer_.tag), 1400);
  EXPECT_EQ(PathMtu(), 1000u);
  Icmp(IcmpReport::Kind::kPacketTooBig, Quoted(peer_.tag), 0);
  EXPECT_EQ(PathMtu(), 576u);
  EXPECT_EQ(endpoint().metrics().icmp_handled, 3u);
}

TEST_F(IcmpTest, ReportsThatFindNoAssociationOrCarryAnotherTagAreIgnored) {
  id_ = EstablishPassive();
  // ICMP6: not the peer's tag (ours, for one).
  Icmp(IcmpReport::Kind::kPacketTooBig, Quoted(local_tag_), 600);
  // ICMP5: sent to an address that is no path, or too short to tell.
  Icmp(IcmpReport::Kind::kPacketTooBig, Quoted(peer_.tag), 600,
       IpAddress::FromIpv4({198, 18, 9, 9}));
  Icmp(IcmpReport::Kind::kPacketTooBig, std::vector<uint8_t>(6));
  // Tag 0 without our INIT behind it.
  Icmp(IcmpReport::Kind::kProtocolUnreachable, Quoted(VerificationTag(0)));
  Icmp(IcmpReport::Kind::kProtocolUnreachable, Quoted(VerificationTag(0), peer_.tag));
  EXPECT_EQ(endpoint().metrics().icmp_ignored, 5u);
  EXPECT_EQ(endpoint().metrics().icmp_handled, 0u);
  EXPECT_EQ(PathMtu(), 1500u);
  EXPECT_EQ(endpoint().association_count(), 1u);
  ExpectNoPacket();
}

TEST_F(IcmpTest, ProtocolUnreachableEndsTheAssociationLikeAnAbort) {
  id_ = EstablishPassive();
  // ICMP8: the peer does not speak SCTP (after all).
  Icmp(IcmpReport::Kind::kProtocolUnreachable, Quoted(peer_.tag));
  EXPECT_EQ(endpoint().association_count(), 0u);
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCommLost);
  EXPECT_EQ(changes[0].reason, AssociationChange::Reason::kPeerAbort);
  ExpectNoPacket();  // an abort is not answered
}

TEST_F(IcmpTest, ProtocolUnreachableAboutOurInitEndsItInCookieWait) {
  const std::vector<IpAddress> peer = {PeerAddress()};
  const std::optional<AssociationId> id = endpoint().Connect(now(), peer, kPeerPort);
  ASSERT_TRUE(id.has_value());
  id_ = *id;
  const CapturedPacket init = TakeOnePacket();
  const InitChunk* chunk = init.Find<InitChunk>();
  ASSERT_NE(chunk, nullptr);
  EXPECT_EQ(init.tag(), 0u);
  Icmp(IcmpReport::Kind::kProtocolUnreachable, Quoted(VerificationTag(0), chunk->initiate_tag));
  EXPECT_EQ(endpoint().association_count(), 0u);
  const std::vector<AssociationChange> changes = EventsOf<AssociationChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, AssociationChange::State::kCantStartAssociation);
}

TEST_F(IcmpTest, UnreachableMarksTheDestinationUnreachable) {
  id_ = EstablishPassive();
  env().TakeEvents();
  // ICMP9: host unreachable.
  Icmp(IcmpReport::Kind::kUnreachable, Quoted(peer_.tag));
  ASSERT_FALSE(association()->paths().at(0).active);
  std::vector<PeerAddressChange> changes = EventsOf<PeerAddressChange>(env().TakeEvents());
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].state, PeerAddressChange::State::kUnreachable);
  // A second report changes nothing; the association lives on.
  Icmp(IcmpReport::Kind::kUnreachable, Quoted(peer_.tag));
  EXPECT_TRUE(EventsOf<PeerAddressChange>(env().TakeEvents()).empty());
  EXPECT_EQ(endpoint().association_count(), 1u);
}

}  // namespace
}  // namespace sctpdp::testing
