// Internal: a cheap, case-insensitive screen in front of a word lexicon.
//
// Add() records each lexicon word in two tables, ASCII case folded (c | 0x20,
// applied the same way whether or not the word was lower-cased first):
//   - by its first and last bytes (low five bits), the set of its lengths
//     modulo 64: one load and a bit test reject most words of a text;
//   - with one or two caller-defined flag bits, in a Bloom-style table keyed
//     by a hash of the word's length and its first, second and last bytes.
// Flags() / MayContain() then answer "could this word be in the lexicon?"
// without hashing the whole word or copying it to lower case. False
// positives happen (slot collisions), false negatives never: a word that
// passes is then looked up for real.
//
// Thread-safety: immutable after construction (Add); the const methods are
// thread-safe.
#ifndef DIPX_SRC_DATA_WORD_SCREEN_H_
#define DIPX_SRC_DATA_WORD_SCREEN_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dipx::internal {

class WordScreen {
 public:
  static constexpr uint32_t kFlag1 = 1, kFlag2 = 2;

  // Records `word` (any case) with `flags` (kFlag1 and/or kFlag2).
  void Add(std::string_view word, uint32_t flags = kFlag1) {
    if (word.empty()) return;
    shapes_[ShapeRow(word)] |= uint64_t{1} << (word.size() & 63);
    const uint32_t s = Slot(word);
    bits_[s >> 5] |= uint64_t{flags & 3u} << ((s & 31) * 2);
  }
  // The flags added with the words that share `word`'s slot; 0 for none.
  uint32_t Flags(std::string_view word) const {
    if (word.empty() || ((shapes_[ShapeRow(word)] >> (word.size() & 63)) & 1u) == 0) {
      return 0;
    }
    const uint32_t s = Slot(word);
    return static_cast<uint32_t>(bits_[s >> 5] >> ((s & 31) * 2)) & 3u;
  }
  bool MayContain(std::string_view word) const { return Flags(word) != 0; }

 private:
  static constexpr int kLog2Slots = 12;
  // Row of shapes_: the first and last bytes, case folded, low five bits.
  static size_t ShapeRow(std::string_view w) {
    return ((static_cast<unsigned char>(w.front()) | 0x20u) & 31u) * 32 +
           ((static_cast<unsigned char>(w.back()) | 0x20u) & 31u);
  }
  static uint32_t Slot(std::string_view w) {
    const size_t n = w.size();
    const uint32_t a = static_cast<unsigned char>(w[0]) | 0x20u;
    const uint32_t b = static_cast<unsigned char>(w[n > 1 ? 1 : 0]) | 0x20u;
    const uint32_t z = static_cast<unsigned char>(w[n - 1]) | 0x20u;
    const uint32_t x = a | (b << 8) | (z << 16) | (static_cast<uint32_t>(n) << 24);
    return (x * 0x9E3779B1u) >> (32 - kLog2Slots);
  }
  uint64_t shapes_[32 * 32] = {};  // bit n % 64: a word of n bytes
  uint64_t bits_[(1 << kLog2Slots) / 32] = {};  // 2 flag bits per slot
};

}  // namespace dipx::internal

#endif  // DIPX_SRC_DATA_WORD_SCREEN_H_
