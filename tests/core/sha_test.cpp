// SHA-1 and SHA-256 against the FIPS 180 example vectors (NIST's "abc", 448-bit, 896-bit and
// one-million-'a' messages) and the empty message; incremental hashing in uneven pieces against
// one-shot; and, where the coreutils are installed, against sha1sum and sha256sum for random
// buffers of lengths around the 64-byte block and its padding boundary.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>

#include "btest_support.h"
#include "common/hex.h"
#include "common/sha1.h"
#include "common/sha256.h"

namespace zeekscope {
namespace {

std::span<const uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

struct Vector {
  std::string message, sha1, sha256;
};

const std::vector<Vector>& nist_vectors() {
  static const std::vector<Vector> v = {
      {"", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "a9993e364706816aba3e25717850c26c9cd0d89d",
       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlm"
       "nopqrsmnopqrstnopqrstu",
       "a49b2446a02c645bf419f995b67091253a04a259",
       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
      {std::string(1000000, 'a'), "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
  };
  return v;
}

TEST(Sha, NistVectorsOneShot) {
  for (const auto& v : nist_vectors()) {
    SCOPED_TRACE(v.message.size());
    EXPECT_EQ(sha1_hex(bytes_of(v.message)), v.sha1);
    EXPECT_EQ(sha256_hex(bytes_of(v.message)), v.sha256);
  }
}

TEST(Sha, NistVectorsInUnevenPieces) {
  for (const auto& v : nist_vectors()) {
    SCOPED_TRACE(v.message.size());
    Sha1 h1;
    Sha256 h256;
    auto all = bytes_of(v.message);
    for (size_t at = 0, piece = 0; at < all.size(); at += piece) {
      piece = std::min(all.size() - at, 1 + (at * 7 + 3) % 131);  // 1 to 131 bytes
      h1.update(all.subspan(at, piece));
      h256.update(all.subspan(at, piece));
      h1.update({});  // an empty piece changes nothing
    }
    EXPECT_EQ(hex_lower(h1.finish()), v.sha1);
    EXPECT_EQ(hex_lower(h256.finish()), v.sha256);
    // finish() resets: the object hashes the next message from scratch.
    h1.update(bytes_of("abc"));
    EXPECT_EQ(hex_lower(h1.finish()), "a9993e364706816aba3e25717850c26c9cd0d89d");
  }
}

TEST(Sha, HexIsLowerCase) {
  const uint8_t b[] = {0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(hex_lower(b), "000fa0ff");
}

// `tool` ("sha1sum") over a temporary file holding `data`; empty when it could not run.
std::string coreutils_digest(const std::string& tool, const std::string& data) {
  char path[] = "/tmp/zeekscope-sha-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return {};
  bool written = write(fd, data.data(), data.size()) == ssize_t(data.size());
  close(fd);
  std::string out;
  bool ran = written && test::run_command(tool + " '" + path + "'", out);
  std::remove(path);
  return ran ? out.substr(0, out.find(' ')) : std::string();
}

TEST(Sha, AgreesWithCoreutils) {
#ifdef __EMSCRIPTEN__
  GTEST_SKIP() << "the wasm tests run no other program (sha1sum, sha256sum); the native suites do";
#endif
  std::string probe;
  if (!test::run_command("sha1sum --version >/dev/null 2>&1 && sha256sum --version >/dev/null",
                         probe))
    GTEST_SKIP() << "sha1sum/sha256sum not available here";
  std::mt19937 rng(21);
  int compared = 0;
  for (size_t length : {1u, 55u, 56u, 57u, 63u, 64u, 65u, 119u, 120u, 128u, 1000u, 70001u}) {
    std::string data(length, '\0');
    for (auto& c : data) c = char(rng());
    SCOPED_TRACE(length);
    EXPECT_EQ(sha1_hex(bytes_of(data)), coreutils_digest("sha1sum", data));
    EXPECT_EQ(sha256_hex(bytes_of(data)), coreutils_digest("sha256sum", data));
    ++compared;
  }
  EXPECT_EQ(compared, 12);
}

}  // namespace
}  // namespace zeekscope
