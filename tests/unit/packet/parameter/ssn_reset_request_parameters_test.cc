#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "dataplane/sctp/packet/parameter/incoming_ssn_reset_request_parameter.h"
#include "dataplane/sctp/packet/parameter/outgoing_ssn_reset_request_parameter.h"
#include "dataplane/sctp/packet/parameter/ssn_tsn_reset_request_parameter.h"
#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFixedSize;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::ExpectStride;
using ::sctpdp::testing::Serialize;

std::vector<uint16_t> Ids(const WireList<StreamId>& streams) {
  std::vector<uint16_t> ids;
  for (StreamId id : streams) ids.push_back(id.value());
  return ids;
}

// RFC 6525 section 4.1: type 13, length 16 + 2 * 3, request 0x11223344,
// response 0x11223343, last TSN 0xfffffffe, streams 1, 2 and 0x1234.
const Bytes kOutgoing = {0x00, 0x0d, 0x00, 0x16, 0x11, 0x22, 0x33, 0x44, 0x11, 0x22, 0x33,
                         0x43, 0xff, 0xff, 0xff, 0xfe, 0x00, 0x01, 0x00, 0x02, 0x12, 0x34};

TEST(OutgoingSsnResetRequestParameterTest, ParsesEveryField) {
  OutgoingSsnResetRequestParameter parameter =
      ExpectRoundTrip<OutgoingSsnResetRequestParameter>(kOutgoing);
  EXPECT_EQ(parameter.request_sn, ReconfigRequestSn(0x11223344));
  EXPECT_EQ(parameter.response_sn, ReconfigRequestSn(0x11223343));
  EXPECT_EQ(parameter.senders_last_assigned_tsn, Tsn(0xfffffffe));
  EXPECT_EQ(Ids(parameter.streams), (std::vector<uint16_t>{1, 2, 0x1234}));
  EXPECT_EQ(parameter.ToString(),
            "Outgoing SSN Reset Request req_sn=287454020 resp_sn=287454019 last_tsn=4294967294 "
            "streams=[1,2,4660]");
}

TEST(OutgoingSsnResetRequestParameterTest, BuildsTheSameBytes) {
  const std::array<StreamId, 3> streams = {StreamId(1), StreamId(2), StreamId(0x1234)};
  OutgoingSsnResetRequestParameter parameter{.request_sn = ReconfigRequestSn(0x11223344),
                                             .response_sn = ReconfigRequestSn(0x11223343),
                                             .senders_last_assigned_tsn = Tsn(0xfffffffe),
                                             .streams = WireList<StreamId>(streams)};
  EXPECT_EQ(Serialize(parameter), kOutgoing);
  EXPECT_EQ(parameter, ExpectRoundTrip<OutgoingSsnResetRequestParameter>(kOutgoing));
}

TEST(OutgoingSsnResetRequestParameterTest, NoStreamsMeansAll) {
  Bytes wire(kOutgoing.begin(), kOutgoing.begin() + 16);
  wire[3] = 16;
  OutgoingSsnResetRequestParameter parameter =
      ExpectRoundTrip<OutgoingSsnResetRequestParameter>(wire);
  EXPECT_TRUE(parameter.streams.empty());
  EXPECT_EQ(parameter.senders_last_assigned_tsn, Tsn(0xfffffffe));
}

TEST(OutgoingSsnResetRequestParameterTest, OneStream) {
  Bytes wire(kOutgoing.begin(), kOutgoing.begin() + 18);
  wire[3] = 18;
  EXPECT_EQ(Ids(ExpectRoundTrip<OutgoingSsnResetRequestParameter>(wire).streams),
            (std::vector<uint16_t>{1}));
}

TEST(OutgoingSsnResetRequestParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<OutgoingSsnResetRequestParameter>(kOutgoing);
  ExpectStride<OutgoingSsnResetRequestParameter>(kOutgoing, 2);
}

// RFC 6525 section 4.2: type 14, length 8 + 2 * 2, request 7, streams 3, 4.
const Bytes kIncoming = {0x00, 0x0e, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x07, 0x00, 0x03, 0x00, 0x04};

TEST(IncomingSsnResetRequestParameterTest, ParsesEveryField) {
  IncomingSsnResetRequestParameter parameter =
      ExpectRoundTrip<IncomingSsnResetRequestParameter>(kIncoming);
  EXPECT_EQ(parameter.request_sn, ReconfigRequestSn(7));
  EXPECT_EQ(Ids(parameter.streams), (std::vector<uint16_t>{3, 4}));
  EXPECT_EQ(parameter.ToString(), "Incoming SSN Reset Request req_sn=7 streams=[3,4]");
}

TEST(IncomingSsnResetRequestParameterTest, BuildsTheSameBytes) {
  const std::array<StreamId, 2> streams = {StreamId(3), StreamId(4)};
  EXPECT_EQ(Serialize(IncomingSsnResetRequestParameter{.request_sn = ReconfigRequestSn(7),
                                                       .streams = WireList<StreamId>(streams)}),
            kIncoming);
}

TEST(IncomingSsnResetRequestParameterTest, ZeroAndOneStreams) {
  const Bytes none_wire = {0x00, 0x0e, 0x00, 0x08, 0x00, 0x00, 0x00, 0x07};
  IncomingSsnResetRequestParameter none =
      ExpectRoundTrip<IncomingSsnResetRequestParameter>(none_wire);
  EXPECT_TRUE(none.streams.empty());
  EXPECT_EQ(none.ToString(), "Incoming SSN Reset Request req_sn=7 streams=[]");
  const Bytes one_wire = {0x00, 0x0e, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x07, 0xff, 0xff};
  IncomingSsnResetRequestParameter one =
      ExpectRoundTrip<IncomingSsnResetRequestParameter>(one_wire);
  EXPECT_EQ(Ids(one.streams), (std::vector<uint16_t>{0xffff}));
}

TEST(IncomingSsnResetRequestParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<IncomingSsnResetRequestParameter>(kIncoming);
  ExpectStride<IncomingSsnResetRequestParameter>(kIncoming, 2);
}

// RFC 6525 section 4.3: type 15, length 8, request 0x80000001.
const Bytes kSsnTsn = {0x00, 0x0f, 0x00, 0x08, 0x80, 0x00, 0x00, 0x01};

TEST(SsnTsnResetRequestParameterTest, ParsesEveryField) {
  SsnTsnResetRequestParameter parameter = ExpectRoundTrip<SsnTsnResetRequestParameter>(kSsnTsn);
  EXPECT_EQ(parameter.request_sn, ReconfigRequestSn(0x80000001));
  EXPECT_EQ(parameter.ToString(), "SSN/TSN Reset Request req_sn=2147483649");
}

TEST(SsnTsnResetRequestParameterTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(SsnTsnResetRequestParameter{.request_sn = ReconfigRequestSn(0x80000001)}),
            kSsnTsn);
}

TEST(SsnTsnResetRequestParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<SsnTsnResetRequestParameter>(kSsnTsn);
  ExpectFixedSize<SsnTsnResetRequestParameter>(kSsnTsn);
}

}  // namespace
}  // namespace sctpdp
