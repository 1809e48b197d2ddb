// Printable: the one rule for showing record and scenario bytes to people,
// and PrintableJson, its counterpart for JSON documents.
#include "witness/recorder/printable.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace witness::recorder {
namespace {

TEST(PrintableTest, PrintableAsciiIsKept) {
  EXPECT_EQ(Printable(""), "");
  EXPECT_EQ(Printable("web-1 {\"op\":\"create\"} ~!@#$%^&*()"),
            "web-1 {\"op\":\"create\"} ~!@#$%^&*()");
}

TEST(PrintableTest, ControlBytesBecomeHexEscapes) {
  EXPECT_EQ(Printable("evil\x1b[2J\x07"), "evil\\x1b[2J\\x07");
  EXPECT_EQ(Printable(std::string("a\0b", 3)), "a\\x00b");
  // Newline, tab and carriage return too: a value cannot start a new line
  // of a report or overwrite the one it is on.
  EXPECT_EQ(Printable("a\nb\tc\rd"), "a\\x0ab\\x09c\\x0dd");
  EXPECT_EQ(Printable("\x1f"), "\\x1f");
}

TEST(PrintableTest, DelBecomesAHexEscape) { EXPECT_EQ(Printable("a\x7fz"), "a\\x7fz"); }

TEST(PrintableTest, C1ControlsBecomeCodePointEscapes) {
  EXPECT_EQ(Printable("\xc2\x80"), "\\u0080");
  // CSI 6n asks a terminal to type the cursor position back.
  EXPECT_EQ(Printable(std::string("a\xc2\x9b") + "6n"), "a\\u009b6n");
  EXPECT_EQ(Printable("\xc2\x9f"), "\\u009f");
  // U+00A0 (no-break space) is the first character past C1: kept.
  EXPECT_EQ(Printable("\xc2\xa0"), "\xc2\xa0");
}

TEST(PrintableTest, EachByteOfInvalidUtf8BecomesAHexEscape) {
  EXPECT_EQ(Printable("a\xffz"), "a\\xffz");                // never a UTF-8 byte
  EXPECT_EQ(Printable("\x9b"), "\\x9b");                    // a stray continuation (8-bit CSI)
  EXPECT_EQ(Printable("\xc0\xaf"), "\\xc0\\xaf");           // overlong '/'
  EXPECT_EQ(Printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // an encoded surrogate
  EXPECT_EQ(Printable("\xf4\x90\x80\x80"), "\\xf4\\x90\\x80\\x80");  // above U+10FFFF
  EXPECT_EQ(Printable("\xe2\x82"), "\\xe2\\x82");                    // truncated at the end
  EXPECT_EQ(Printable("\xe2\x82x"), "\\xe2\\x82x");                  // truncated before ASCII
  EXPECT_EQ(Printable("\xc2"), "\\xc2");                             // a lead byte alone
}

TEST(PrintableTest, ValidMultiByteUtf8IsKept) {
  const std::string text = "caf\xc3\xa9 \xe2\x82\xac \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80";
  EXPECT_EQ(Printable(text), text);
  // U+FEFF and U+FFFD are printable as far as the rule goes.
  EXPECT_EQ(Printable("\xef\xbb\xbf\xef\xbf\xbd"), "\xef\xbb\xbf\xef\xbf\xbd");
}

TEST(PrintableTest, BackslashesAreKeptSoEscapedTextIsNotEscapedTwice) {
  EXPECT_EQ(Printable("a\\x1b"), "a\\x1b");
  EXPECT_EQ(Printable(Printable("\x1b\xc2\x9b\xff")), Printable("\x1b\xc2\x9b\xff"));
}

TEST(PrintableTest, AppendPrintableAddsToWhatIsThere) {
  std::string out = "name=";
  AppendPrintable("x\x1b", out);
  EXPECT_EQ(out, "name=x\\x1b");
}

TEST(PrintableTest, NoByteValueSurvivesAsARawControl) {
  for (int byte = 0; byte < 256; ++byte) {
    const std::string shown = Printable(std::string(1, static_cast<char>(byte)));
    for (const char c : shown) {
      const auto b = static_cast<unsigned char>(c);
      EXPECT_TRUE(b >= 0x20 && b < 0x7f) << "byte " << byte << " shown as " << shown;
    }
  }
}

TEST(PrintableJsonTest, DelAndC1BecomeUnicodeEscapesThatParseBack) {
  const nlohmann::json value = {{"name", "a\x7f\xc2\x9b\xc2\x85 caf\xc3\xa9"}};
  const std::string json = PrintableJson(value.dump());
  EXPECT_EQ(json, "{\"name\":\"a\\u007f\\u009b\\u0085 caf\xc3\xa9\"}");
  EXPECT_EQ(nlohmann::json::parse(json), value);
}

TEST(PrintableJsonTest, JsonWithNothingToEscapeIsUnchanged) {
  const std::string json = "{\"a\":\"\\u001b\xc2\xa0\",\"b\":[1,2]}";
  EXPECT_EQ(PrintableJson(json), json);
}

}  // namespace
}  // namespace witness::recorder
