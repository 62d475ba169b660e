#include "dataplane/sctp/packet/parameter/any_parameter.h"

#include <gtest/gtest.h>

#include <set>
#include <variant>
#include <vector>

#include "tests/unit/packet/parameter/parameter_test_util.h"

namespace sctpdp {
namespace {

using ::sctpdp::testing::Bytes;

// One valid encoding of every parameter type, keyed by the struct that
// must come out of ParseParameter.
struct Sample {
  Bytes wire;
  size_t index;  // in AnyParameter
};

template <typename T>
Sample Of(Bytes wire) {
  return Sample{std::move(wire), AnyParameter(T{}).index()};
}

std::vector<Sample> EverySample() {
  return {
      Of<HeartbeatInfoParameter>({0x00, 0x01, 0x00, 0x06, 0x01, 0x02}),
      Of<Ipv4AddressParameter>({0x00, 0x05, 0x00, 0x08, 10, 0, 0, 1}),
      Of<Ipv6AddressParameter>(
          {0x00, 0x06, 0x00, 0x14, 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}),
      Of<StateCookieParameter>({0x00, 0x07, 0x00, 0x08, 1, 2, 3, 4}),
      Of<UnrecognizedParameter>({0x00, 0x08, 0x00, 0x08, 0x80, 0x10, 0x00, 0x04}),
      Of<CookiePreservativeParameter>({0x00, 0x09, 0x00, 0x08, 0, 0, 0x13, 0x88}),
      Of<HostNameAddressParameter>({0x00, 0x0b, 0x00, 0x06, 'h', 0}),
      Of<SupportedAddressTypesParameter>({0x00, 0x0c, 0x00, 0x06, 0x00, 0x05}),
      Of<OutgoingSsnResetRequestParameter>(
          {0x00, 0x0d, 0x00, 0x12, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 9, 0, 4}),
      Of<IncomingSsnResetRequestParameter>({0x00, 0x0e, 0x00, 0x08, 0, 0, 0, 2}),
      Of<SsnTsnResetRequestParameter>({0x00, 0x0f, 0x00, 0x08, 0, 0, 0, 3}),
      Of<ReconfigurationResponseParameter>({0x00, 0x10, 0x00, 0x0c, 0, 0, 0, 3, 0, 0, 0, 2}),
      Of<AddOutgoingStreamsRequestParameter>({0x00, 0x11, 0x00, 0x0c, 0, 0, 0, 4, 0, 8, 0, 0}),
      Of<AddIncomingStreamsRequestParameter>({0x00, 0x12, 0x00, 0x0c, 0, 0, 0, 5, 0, 8, 0, 0}),
      Of<EcnCapableParameter>({0x80, 0x00, 0x00, 0x04}),
      Of<ZeroChecksumAcceptableParameter>({0x80, 0x01, 0x00, 0x08, 0, 0, 0, 1}),
      Of<RandomParameter>({0x80, 0x02, 0x00, 0x08, 9, 8, 7, 6}),
      Of<ChunkListParameter>({0x80, 0x03, 0x00, 0x05, 0xc1}),
      Of<RequestedHmacAlgorithmParameter>({0x80, 0x04, 0x00, 0x06, 0x00, 0x01}),
      Of<PaddingParameter>({0x80, 0x05, 0x00, 0x08, 0, 0, 0, 0}),
      Of<SupportedExtensionsParameter>({0x80, 0x08, 0x00, 0x06, 0x82, 0xc0}),
      Of<ForwardTsnSupportedParameter>({0xc0, 0x00, 0x00, 0x04}),
      Of<AddIpAddressParameter>(
          {0xc0, 0x01, 0x00, 0x10, 0, 0, 0, 1, 0x00, 0x05, 0x00, 0x08, 10, 0, 0, 2}),
      Of<DeleteIpAddressParameter>(
          {0xc0, 0x02, 0x00, 0x10, 0, 0, 0, 2, 0x00, 0x05, 0x00, 0x08, 10, 0, 0, 2}),
      Of<ErrorCauseIndicationParameter>(
          {0xc0, 0x03, 0x00, 0x0c, 0, 0, 0, 3, 0x00, 0xa1, 0x00, 0x04}),
      Of<SetPrimaryAddressParameter>(
          {0xc0, 0x04, 0x00, 0x10, 0, 0, 0, 4, 0x00, 0x05, 0x00, 0x08, 10, 0, 0, 2}),
      Of<SuccessIndicationParameter>({0xc0, 0x05, 0x00, 0x08, 0, 0, 0, 5}),
      Of<AdaptationLayerIndicationParameter>({0xc0, 0x06, 0x00, 0x08, 0, 0, 0, 6}),
      Of<UnknownParameter>({0x80, 0x09, 0x00, 0x05, 0xff}),
  };
}

TEST(AnyParameterTest, DispatchesEveryType) {
  std::set<size_t> seen;
  for (const Sample& sample : EverySample()) {
    SCOPED_TRACE(::testing::Message() << "type " << PeekTlvType(sample.wire, WireKind::kParameter));
    ParseResult<AnyParameter> parsed = ParseParameter(sample.wire);
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    EXPECT_EQ(parsed->index(), sample.index);
    // The same bytes come back out of whichever struct it is.
    const Bytes out = std::visit([](const auto& p) { return testing::Serialize(p); }, *parsed);
    EXPECT_EQ(out, sample.wire);
    seen.insert(parsed->index());
  }
  EXPECT_EQ(seen.size(), std::variant_size_v<AnyParameter>);
}

TEST(AnyParameterTest, TypesNoRfcAssignsAreUnknown) {
  for (uint16_t type : {0x0000, 0x0002, 0x000a, 0x0013, 0x4000, 0x8006, 0x8007, 0xc007, 0xffff}) {
    Bytes wire = {static_cast<uint8_t>(type >> 8), static_cast<uint8_t>(type), 0x00, 0x04};
    ParseResult<AnyParameter> parsed = ParseParameter(wire);
    ASSERT_TRUE(parsed.ok());
    ASSERT_TRUE(std::holds_alternative<UnknownParameter>(*parsed)) << type;
    EXPECT_EQ(std::get<UnknownParameter>(*parsed).type, type);
  }
}

TEST(AnyParameterTest, KnownTypeErrorsComeFromItsStruct) {
  // An IPv4 address parameter of length 12 is not an unknown parameter.
  const Bytes wire = {0x00, 0x05, 0x00, 0x0c, 10, 0, 0, 1, 0, 0, 0, 0};
  ParseResult<AnyParameter> parsed = ParseParameter(wire);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ParseErrorCode::kBadLength);
  EXPECT_EQ(parsed.error().type, 5);
  EXPECT_EQ(parsed.error().offset, 2u);
}

TEST(AnyParameterTest, RejectsLessThanAHeader) {
  ParseResult<AnyParameter> parsed = ParseParameter(Bytes{0x00, 0x05, 0x00});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, ParseErrorCode::kTruncated);
  EXPECT_EQ(parsed.error().kind, WireKind::kParameter);
  EXPECT_EQ(parsed.error().offset, 3u);
}

TEST(AnyParameterTest, ParameterToStringUsesTheStruct) {
  ParseResult<AnyParameter> parsed = ParseParameter(Bytes{0x00, 0x05, 0x00, 0x08, 10, 0, 0, 1});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(ParameterToString(*parsed), "IPv4 Address 10.0.0.1");
  EXPECT_EQ(ParameterToString(AnyParameter(EcnCapableParameter{})), "ECN Capable");
  EXPECT_EQ(ParameterToString(AnyParameter(UnknownParameter{.type = 0x8009, .value = {}})),
            "Unknown Parameter type=0x8009 action=skip len=0 value=");
}

// An INIT-like parameter list: IPv4 address at 0, Supported Address Types
// with one entry at 8 (length 6, two bytes of padding), `middle` at 16, and
// Forward-TSN-Supported after it.
Bytes List(const Bytes& middle) {
  Bytes list = {0x00, 0x05, 0x00, 0x08, 192,  0,    2,    1,  //
                0x00, 0x0c, 0x00, 0x06, 0x00, 0x05, 0x00, 0x00};
  for (uint8_t byte : middle) list.push_back(byte);
  while (list.size() % 4 != 0) list.push_back(0);
  for (uint8_t byte : {0xc0, 0x00, 0x00, 0x04}) list.push_back(byte);
  return list;
}

std::optional<ParseError> Validate(const Bytes& bytes) {
  ParseResult<TlvList> list = TlvList::Parse(bytes, WireKind::kParameter);
  EXPECT_TRUE(list.ok()) << list.error().ToString();
  if (!list.ok()) return list.error();
  return ValidateParameters(*list);
}

TEST(ValidateParametersTest, AcceptsAValidList) {
  EXPECT_EQ(Validate(List({0x00, 0x09, 0x00, 0x08, 0, 0, 0x13, 0x88})), std::nullopt);
  // Unknown parameters are valid here; what to do with them is the engine's.
  EXPECT_EQ(Validate(List({0x80, 0x09, 0x00, 0x05, 0xff})), std::nullopt);
}

TEST(ValidateParametersTest, AcceptsAnEmptyList) {
  EXPECT_EQ(ValidateParameters(TlvList()), std::nullopt);
}

TEST(ValidateParametersTest, ReportsABadFieldInTheMiddleAtItsListOffset) {
  // A Cookie Preservative of length 12 (it must be 8): its length field is
  // at 16 + 2 in the list.
  std::optional<ParseError> error =
      Validate(List({0x00, 0x09, 0x00, 0x0c, 0, 0, 0x13, 0x88, 0, 0, 0, 0}));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, ParseErrorCode::kBadLength);
  EXPECT_EQ(error->kind, WireKind::kParameter);
  EXPECT_EQ(error->type, 9);
  EXPECT_EQ(error->offset, 18u);
}

TEST(ValidateParametersTest, ReportsANestedErrorAtItsListOffset) {
  // An Add IP Address wrapping a parameter that is not an address: the
  // wrapped type is at 16 + 8.
  std::optional<ParseError> error =
      Validate(List({0xc0, 0x01, 0x00, 0x10, 0, 0, 0, 1, 0x00, 0x07, 0x00, 0x08, 10, 0, 0, 2}));
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, ParseErrorCode::kBadValue);
  EXPECT_EQ(error->type, 0xc001);
  EXPECT_EQ(error->offset, 24u);
}

TEST(ValidateParametersTest, ReportsTheFirstBadField) {
  // Supported Address Types with an odd length (7) at 8, then a bad field.
  Bytes bytes = List({0x00, 0x09, 0x00, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0});
  bytes[11] = 0x07;
  std::optional<ParseError> error = Validate(bytes);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->type, 12);
  EXPECT_EQ(error->offset, 10u);
}

}  // namespace
}  // namespace sctpdp
