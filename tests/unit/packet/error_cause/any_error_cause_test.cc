#include "dataplane/sctp/packet/error_cause/any_error_cause.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "tests/unit/packet/wire_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;

// One valid cause per code, with the struct ParseErrorCause must pick.
template <typename T>
void ExpectDispatch(const Bytes& wire) {
  SCOPED_TRACE(::testing::Message() << "code " << ((wire[0] << 8) | wire[1]));
  ParseResult<AnyErrorCause> any = ParseErrorCause(wire);
  ASSERT_TRUE(any.ok()) << any.error().ToString();
  ASSERT_TRUE(std::holds_alternative<T>(*any));
  ParseResult<T> direct = T::Parse(wire);
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ(std::get<T>(*any), *direct);
  EXPECT_EQ(ErrorCauseToString(*any), direct->ToString());
}

TEST(ParseErrorCauseTest, DispatchesEveryCode) {
  ExpectDispatch<InvalidStreamIdentifierCause>({0x00, 0x01, 0x00, 0x08, 0x00, 0x07, 0x00, 0x00});
  ExpectDispatch<MissingMandatoryParameterCause>(
      {0x00, 0x02, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x07});
  ExpectDispatch<StaleCookieCause>({0x00, 0x03, 0x00, 0x08, 0x00, 0x00, 0x01, 0x00});
  ExpectDispatch<OutOfResourceCause>({0x00, 0x04, 0x00, 0x04});
  ExpectDispatch<UnresolvableAddressCause>(
      {0x00, 0x05, 0x00, 0x0c, 0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01});
  ExpectDispatch<UnrecognizedChunkTypeCause>({0x00, 0x06, 0x00, 0x08, 0x4f, 0x00, 0x00, 0x04});
  ExpectDispatch<InvalidMandatoryParameterCause>({0x00, 0x07, 0x00, 0x04});
  ExpectDispatch<UnrecognizedParametersCause>({0x00, 0x08, 0x00, 0x08, 0x80, 0x0a, 0x00, 0x04});
  ExpectDispatch<NoUserDataCause>({0x00, 0x09, 0x00, 0x08, 0x00, 0x00, 0x00, 0x2a});
  ExpectDispatch<CookieReceivedWhileShuttingDownCause>({0x00, 0x0a, 0x00, 0x04});
  ExpectDispatch<RestartWithNewAddressesCause>(
      {0x00, 0x0b, 0x00, 0x0c, 0x00, 0x05, 0x00, 0x08, 0xc0, 0x00, 0x02, 0x01});
  ExpectDispatch<UserInitiatedAbortCause>({0x00, 0x0c, 0x00, 0x06, 'o', 'k'});
  ExpectDispatch<ProtocolViolationCause>({0x00, 0x0d, 0x00, 0x05, '!'});
  ExpectDispatch<DeleteLastRemainingAddressCause>({0x00, 0xa0, 0x00, 0x08, 0xc0, 0x02, 0x00, 0x04});
  ExpectDispatch<ResourceShortageCause>({0x00, 0xa1, 0x00, 0x08, 0xc0, 0x01, 0x00, 0x04});
  ExpectDispatch<DeleteSourceAddressCause>({0x00, 0xa2, 0x00, 0x08, 0xc0, 0x02, 0x00, 0x04});
  ExpectDispatch<IllegalAsconfAckCause>({0x00, 0xa3, 0x00, 0x04});
  ExpectDispatch<NoAuthorizationCause>({0x00, 0xa4, 0x00, 0x08, 0xc0, 0x04, 0x00, 0x04});
  ExpectDispatch<UnsupportedHmacIdentifierCause>({0x01, 0x05, 0x00, 0x06, 0x00, 0x02});
}

TEST(ParseErrorCauseTest, UnassignedCodesAreUnknown) {
  for (uint16_t code : {0x0000, 0x000e, 0x009f, 0x00a5, 0x0104, 0x0106, 0xffff}) {
    const Bytes wire = {static_cast<uint8_t>(code >> 8), static_cast<uint8_t>(code), 0x00, 0x05,
                        0x77};
    ParseResult<AnyErrorCause> any = ParseErrorCause(wire);
    ASSERT_TRUE(any.ok()) << code;
    ASSERT_TRUE(std::holds_alternative<UnknownErrorCause>(*any)) << code;
    EXPECT_EQ(std::get<UnknownErrorCause>(*any).code, code);
    EXPECT_EQ(std::get<UnknownErrorCause>(*any).info.size(), 1u);
  }
}

TEST(ParseErrorCauseTest, ReportsTheTypedError) {
  // A Stale Cookie whose 4-byte staleness field is cut to 2, as a list hands
  // it over: six bytes, shorter than the fixed part.
  ParseResult<AnyErrorCause> any = ParseErrorCause(Bytes{0x00, 0x03, 0x00, 0x06, 0x00, 0x01});
  ASSERT_FALSE(any.ok());
  EXPECT_EQ(any.error(), (ParseError{.code = ParseErrorCode::kTruncated,
                                     .kind = WireKind::kErrorCause,
                                     .type = 3,
                                     .offset = 6}));
  // An Out of Resource cause with four bytes of information it cannot have.
  any = ParseErrorCause(Bytes{0x00, 0x04, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01});
  ASSERT_FALSE(any.ok());
  EXPECT_EQ(any.error(), (ParseError{.code = ParseErrorCode::kBadLength,
                                     .kind = WireKind::kErrorCause,
                                     .type = 4,
                                     .offset = 2}));
}

TEST(ParseErrorCauseTest, RejectsLessThanAHeader) {
  ParseResult<AnyErrorCause> any = ParseErrorCause(Bytes{0x00, 0x01, 0x00});
  ASSERT_FALSE(any.ok());
  EXPECT_EQ(any.error().code, ParseErrorCode::kTruncated);
  EXPECT_EQ(any.error().kind, WireKind::kErrorCause);
}

// An ABORT's causes (RFC 9260 section 3.3.7): User-Initiated Abort "bye"
// (7 bytes, padded to 8), Unsupported HMAC Identifier (6, padded to 8) and
// No User Data (8).
const Bytes kCauses = {0x00, 0x0c, 0x00, 0x07, 'b',  'y',  'e',  0x00,  //
                       0x01, 0x05, 0x00, 0x06, 0x00, 0x03, 0x00, 0x00,  //
                       0x00, 0x09, 0x00, 0x08, 0x00, 0x00, 0x00, 0x05};

TEST(ValidateErrorCausesTest, AcceptsValidCauses) {
  ParseResult<TlvList> list = TlvList::Parse(kCauses, WireKind::kErrorCause);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(ValidateErrorCauses(*list), std::nullopt);
  std::vector<std::string> text;
  for (TlvList::Field field : *list)
    text.push_back(ErrorCauseToString(*ParseErrorCause(field.bytes)));
  EXPECT_EQ(text, (std::vector<std::string>{"User-Initiated Abort reason=627965 len=3",
                                            "Unsupported HMAC Identifier hmac_id=3",
                                            "No User Data tsn=5"}));
}

TEST(ValidateErrorCausesTest, AcceptsEmptyList) {
  ParseResult<TlvList> list = TlvList::Parse({}, WireKind::kErrorCause);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(ValidateErrorCauses(*list), std::nullopt);
}

TEST(ValidateErrorCausesTest, ReportsBadCauseInTheMiddleAtItsListOffset) {
  // The HMAC cause (at list offset 8) says 8 bytes, counting its padding,
  // which RFC 4895 section 4.1 forbids; the list framing itself is fine.
  Bytes wire = kCauses;
  wire[11] = 0x08;
  ParseResult<TlvList> list = TlvList::Parse(wire, WireKind::kErrorCause);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(ValidateErrorCauses(*list), (ParseError{.code = ParseErrorCode::kBadLength,
                                                    .kind = WireKind::kErrorCause,
                                                    .type = 0x0105,
                                                    .offset = 8 + 2}));
}

TEST(ValidateErrorCausesTest, ReportsTheFirstBadCause) {
  // The second and the third cause are both bad: the third now claims code 4
  // (Out of Resource), whose length must be 4, not 8.
  Bytes wire = kCauses;
  wire[11] = 0x08;
  wire[17] = 0x04;
  ParseResult<TlvList> list = TlvList::Parse(wire, WireKind::kErrorCause);
  ASSERT_TRUE(list.ok());
  std::optional<ParseError> error = ValidateErrorCauses(*list);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->type, 0x0105);
  EXPECT_EQ(error->offset, 10u);

  wire[11] = 0x06;
  list = TlvList::Parse(wire, WireKind::kErrorCause);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(ValidateErrorCauses(*list), (ParseError{.code = ParseErrorCode::kBadLength,
                                                    .kind = WireKind::kErrorCause,
                                                    .type = 4,
                                                    .offset = 16 + 2}));
}

}  // namespace
}  // namespace sctpdp
