// Internal: a small read-mostly hash table from short strings (words,
// names, titles) to values, built once and probed on hot paths.
//
// Compared with absl::flat_hash_map<std::string, V>: lookups take a
// std::string_view without conversion, hash with a few 8-byte loads instead
// of a full-string mix, and a probe that misses (the common case when
// screening the words of an article) touches one 8-byte slot. Keys live in
// one contiguous pool.
//
//   WordTable<int> t;
//   *t.Insert("India") = 3;          // build time
//   const int* v = t.Find(word);     // nullptr when absent
//
// Thread-safety: const methods may run concurrently; Insert may not.
#ifndef DIPX_SRC_DATA_WORD_TABLE_H_
#define DIPX_SRC_DATA_WORD_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/config.h"
#include "absl/numeric/bits.h"

namespace dipx::internal {

// Hash of the bytes [p, p + n). Reads only inside the range.
inline uint64_t HashWord(const char* p, size_t n) {
  constexpr uint64_t kMul1 = 0x9E3779B97F4A7C15ull;
  constexpr uint64_t kMul2 = 0xC2B2AE3D27D4EB4Full;
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    uint64_t h = n * kMul2;
    const char* end = p + n - 8;
    while (p < end) {  // all but the last 8 bytes, 8 at a time
      std::memcpy(&a, p, 8);
      h = (h ^ a) * kMul1;
      h ^= h >> 29;
      p += 8;
    }
    std::memcpy(&b, end, 8);
    a = h;
  } else if (n >= 4) {
    uint32_t x, y;
    std::memcpy(&x, p, 4);
    std::memcpy(&y, p + n - 4, 4);
    a = x;
    b = (uint64_t{y} << 32) | n;
  } else if (n > 0) {
    a = static_cast<uint8_t>(p[0]) | (uint64_t{static_cast<uint8_t>(p[n / 2])} << 8) |
        (uint64_t{static_cast<uint8_t>(p[n - 1])} << 16) | (uint64_t{n} << 24);
  }
  uint64_t h = (a ^ kMul2) * kMul1 ^ (b + n) * kMul2;
  h ^= h >> 32;
  h *= kMul1;
  h ^= h >> 29;
  return h;
}

// True when the n bytes at a and b are equal. Reads only inside them.
inline bool WordBytesEqual(const char* a, const char* b, size_t n) {
  if (n >= 8) {
    uint64_t x, y;
    for (size_t i = 0; i + 8 < n; i += 8) {
      std::memcpy(&x, a + i, 8);
      std::memcpy(&y, b + i, 8);
      if (x != y) return false;
    }
    std::memcpy(&x, a + n - 8, 8);
    std::memcpy(&y, b + n - 8, 8);
    return x == y;
  }
  if (n >= 4) {
    uint32_t x1, y1, x2, y2;
    std::memcpy(&x1, a, 4);
    std::memcpy(&y1, b, 4);
    std::memcpy(&x2, a + n - 4, 4);
    std::memcpy(&y2, b + n - 4, 4);
    return x1 == y1 && x2 == y2;
  }
  for (size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// ASCII letters and digits: bytes that are word characters on their own.
struct AsciiAlnumBytes {
  bool v[256];
  constexpr AsciiAlnumBytes() : v() {
    for (int b = 0; b < 256; ++b) {
      v[b] = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
    }
  }
};
inline constexpr AsciiAlnumBytes kAsciiAlnum;

// Length of the run of ASCII letters and digits at the start of [p, p + n).
// Reads only inside the range; 8 bytes at a time where it can (SWAR: each
// byte's high bit tells whether its low 7 bits lie in 'a'..'z' once folded
// to lower case, or in '0'..'9'; no sum carries into the next byte).
inline size_t AsciiAlnumPrefix(const char* p, size_t n) {
  constexpr uint64_t kOnes = 0x0101010101010101ull;
  constexpr uint64_t kHigh = kOnes * 0x80;
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t x;
    std::memcpy(&x, p + i, 8);
#ifdef ABSL_IS_BIG_ENDIAN
    x = __builtin_bswap64(x);  // byte i + k in bits 8k..8k+7, as below
#endif
    const uint64_t v = x & ~kHigh;
    const uint64_t lower = v | (kOnes * 0x20);
    const uint64_t letter = (lower + kOnes * (0x80 - 'a')) & ~(lower + kOnes * (0x7F - 'z'));
    const uint64_t digit = (v + kOnes * (0x80 - '0')) & ~(v + kOnes * (0x7F - '9'));
    const uint64_t stop = (~(letter | digit) | x) & kHigh;  // x: non-ASCII
    if (stop != 0) return i + (absl::countr_zero(stop) >> 3);
  }
  while (i < n && kAsciiAlnum.v[static_cast<unsigned char>(p[i])]) ++i;
  return i;
}

template <typename V>
class WordTable {
 public:
  WordTable() : slots_(16), mask_(15) {}

  size_t size() const { return entries_.size(); }

  // Makes room for `keys` keys of `key_bytes` bytes in all, so that
  // inserting them allocates nothing more.
  void Reserve(size_t keys, size_t key_bytes) {
    size_t slots = slots_.size();
    while (keys * 2 > slots) slots *= 2;
    if (slots > slots_.size()) Rehash(slots);
    entries_.reserve(keys);
    pool_.reserve(key_bytes);
  }

  // Removes every key but keeps the memory, so that a table reused for the
  // next batch of keys (after Reserve) allocates nothing.
  void Clear() {
    slots_.assign(16, Slot());
    mask_ = 15;
    entries_.clear();
    pool_.clear();
  }

  // The value for `key`, default-constructed if it was absent.
  V* Insert(std::string_view key) { return Insert(key, Hash(key)); }

  const V* Find(std::string_view key) const { return Find(key, Hash(key)); }

  // For callers that both look up and insert a key: hash it once with
  // Hash() and pass the hash to the overloads below.
  static uint64_t Hash(std::string_view key) { return HashWord(key.data(), key.size()); }
  V* Insert(std::string_view key, uint64_t h) {
    if (const V* v = Find(key, h)) return const_cast<V*>(v);
    if ((entries_.size() + 1) * 2 > slots_.size()) Grow();
    Entry e;
    e.offset = static_cast<uint32_t>(pool_.size());
    e.length = static_cast<uint32_t>(key.size());
    pool_.append(key.data(), key.size());
    entries_.push_back(std::move(e));
    Place(h, static_cast<uint32_t>(entries_.size()));
    return &entries_.back().value;
  }

  const V* Find(std::string_view key, uint64_t h) const {
    uint32_t tag = static_cast<uint32_t>(h >> 32);
    for (size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.entry == 0) return nullptr;
      if (s.tag != tag) continue;
      const Entry& e = entries_[s.entry - 1];
      if (e.length == key.size() &&
          WordBytesEqual(pool_.data() + e.offset, key.data(), key.size())) {
        return &e.value;
      }
    }
  }

  // Calls f(key, value) for every entry, in insertion order.
  template <typename F>
  void ForEach(F&& f) const {
    for (const Entry& e : entries_) f(Key(e), e.value);
  }

 private:
  struct Slot {
    uint32_t tag = 0;
    uint32_t entry = 0;  // index + 1 into entries_; 0 = empty
  };
  struct Entry {
    uint32_t offset = 0;
    uint32_t length = 0;
    V value{};
  };

  std::string_view Key(const Entry& e) const {
    return std::string_view(pool_.data() + e.offset, e.length);
  }

  void Place(uint64_t h, uint32_t entry) {
    size_t i = h & mask_;
    while (slots_[i].entry != 0) i = (i + 1) & mask_;
    slots_[i].tag = static_cast<uint32_t>(h >> 32);
    slots_[i].entry = entry;
  }

  void Grow() { Rehash(slots_.size() * 2); }

  void Rehash(size_t slots) {
    slots_.assign(slots, Slot());
    mask_ = slots_.size() - 1;
    for (size_t k = 0; k < entries_.size(); ++k) {
      std::string_view key = Key(entries_[k]);
      Place(HashWord(key.data(), key.size()), static_cast<uint32_t>(k + 1));
    }
  }

  std::vector<Slot> slots_;
  size_t mask_;
  std::string pool_;
  std::vector<Entry> entries_;
};

}  // namespace dipx::internal

#endif  // DIPX_SRC_DATA_WORD_TABLE_H_
