// Internal: a cheap, case-insensitive screen in front of a word lexicon.
//
// Add() records each lexicon word by its case-folded first, second and last
// bytes and its length; MayContain() answers "could this word be in the
// lexicon?" with a table load and a bit test — no hashing of the whole word,
// no lower-case copy. False positives happen (slot collisions), false
// negatives never: a word that passes is then looked up for real.
//
// Thread-safety: immutable after construction (Add); MayContain() is const
// and thread-safe.
#ifndef DIPX_SRC_DATA_WORD_SCREEN_H_
#define DIPX_SRC_DATA_WORD_SCREEN_H_

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace dipx::internal {

class WordScreen {
 public:
  // Records `word` (any case; it is folded here).
  void Add(std::string_view word) {
    if (word.empty()) return;
    bits_[Slot(word)] |= uint32_t{1} << Length(word);
  }
  bool MayContain(std::string_view word) const {
    return !word.empty() && ((bits_[Slot(word)] >> Length(word)) & 1u) != 0;
  }

 private:
  static unsigned Fold(char c) {
    const unsigned u = static_cast<unsigned char>(c);
    return (u >= 'A' && u <= 'Z') ? u + ('a' - 'A') : u;
  }
  static size_t Slot(std::string_view w) {
    const unsigned a = Fold(w[0]);
    const unsigned b = w.size() > 1 ? Fold(w[1]) : 0u;
    const unsigned c = Fold(w.back());
    return (a * 131u + b * 31u + c * 7u) & (kSlots - 1);
  }
  // Lengths of 31 bytes and more share the top bit.
  static unsigned Length(std::string_view w) {
    return static_cast<unsigned>(std::min<size_t>(w.size(), 31));
  }

  static constexpr size_t kSlots = 4096;
  std::array<uint32_t, kSlots> bits_{};  // slot → bitmask of word lengths
};

}  // namespace dipx::internal

#endif  // DIPX_SRC_DATA_WORD_SCREEN_H_
