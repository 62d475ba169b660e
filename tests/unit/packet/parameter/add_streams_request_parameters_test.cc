#include <gtest/gtest.h>

#include "dataplane/sctp/packet/parameter/add_incoming_streams_request_parameter.h"
#include "dataplane/sctp/packet/parameter/add_outgoing_streams_request_parameter.h"
#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;
using ::sctpdp::testing::ExpectFixedSize;
using ::sctpdp::testing::ExpectFramingChecks;
using ::sctpdp::testing::ExpectRoundTrip;
using ::sctpdp::testing::Serialize;

// RFC 6525 section 4.5: type 17, length 12, request 0x0a0b0c0d, 3 new
// streams, reserved 0.
const Bytes kAddOutgoing = {0x00, 0x11, 0x00, 0x0c, 0x0a, 0x0b, 0x0c, 0x0d, 0x00, 0x03, 0x00, 0x00};

// RFC 6525 section 4.6: type 18, same layout, 0x1000 new streams.
const Bytes kAddIncoming = {0x00, 0x12, 0x00, 0x0c, 0x0a, 0x0b, 0x0c, 0x0d, 0x10, 0x00, 0x00, 0x00};

TEST(AddOutgoingStreamsRequestParameterTest, ParsesEveryField) {
  AddOutgoingStreamsRequestParameter parameter =
      ExpectRoundTrip<AddOutgoingStreamsRequestParameter>(kAddOutgoing);
  EXPECT_EQ(parameter.request_sn, ReconfigRequestSn(0x0a0b0c0d));
  EXPECT_EQ(parameter.new_streams, 3);
  EXPECT_EQ(parameter.ToString(), "Add Outgoing Streams Request req_sn=168496141 new_streams=3");
}

TEST(AddOutgoingStreamsRequestParameterTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(AddOutgoingStreamsRequestParameter{
                .request_sn = ReconfigRequestSn(0x0a0b0c0d), .new_streams = 3}),
            kAddOutgoing);
}

TEST(AddOutgoingStreamsRequestParameterTest, ReservedIsIgnoredAndWrittenAsZero) {
  Bytes wire = kAddOutgoing;
  wire[10] = 0xff;
  wire[11] = 0x01;
  ParseResult<AddOutgoingStreamsRequestParameter> parsed =
      AddOutgoingStreamsRequestParameter::Parse(wire);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->new_streams, 3);
  EXPECT_EQ(Serialize(*parsed), kAddOutgoing);
}

TEST(AddOutgoingStreamsRequestParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<AddOutgoingStreamsRequestParameter>(kAddOutgoing);
  ExpectFixedSize<AddOutgoingStreamsRequestParameter>(kAddOutgoing);
}

TEST(AddIncomingStreamsRequestParameterTest, ParsesEveryField) {
  AddIncomingStreamsRequestParameter parameter =
      ExpectRoundTrip<AddIncomingStreamsRequestParameter>(kAddIncoming);
  EXPECT_EQ(parameter.request_sn, ReconfigRequestSn(0x0a0b0c0d));
  EXPECT_EQ(parameter.new_streams, 0x1000);
  EXPECT_EQ(parameter.ToString(), "Add Incoming Streams Request req_sn=168496141 new_streams=4096");
}

TEST(AddIncomingStreamsRequestParameterTest, BuildsTheSameBytes) {
  EXPECT_EQ(Serialize(AddIncomingStreamsRequestParameter{
                .request_sn = ReconfigRequestSn(0x0a0b0c0d), .new_streams = 0x1000}),
            kAddIncoming);
}

TEST(AddIncomingStreamsRequestParameterTest, ReservedIsIgnoredAndWrittenAsZero) {
  Bytes wire = kAddIncoming;
  wire[10] = 0x80;
  ParseResult<AddIncomingStreamsRequestParameter> parsed =
      AddIncomingStreamsRequestParameter::Parse(wire);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(Serialize(*parsed), kAddIncoming);
}

TEST(AddIncomingStreamsRequestParameterTest, RejectsBadFraming) {
  ExpectFramingChecks<AddIncomingStreamsRequestParameter>(kAddIncoming);
  ExpectFixedSize<AddIncomingStreamsRequestParameter>(kAddIncoming);
}

}  // namespace
}  // namespace sctpdp
