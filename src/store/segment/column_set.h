// ColumnSet: which columns of a segment to read. A value type (a bit per
// column id); constexpr where it can be.
#pragma once

#include <bit>
#include <cstdint>
#include <initializer_list>

#include "store/segment/segment_column.h"

namespace vigil {

class ColumnSet {
 public:
  constexpr ColumnSet() = default;  // no columns
  constexpr ColumnSet(std::initializer_list<SegmentColumn> columns) {
    for (SegmentColumn c : columns) Add(c);
  }

  static constexpr ColumnSet None() { return ColumnSet(); }
  static constexpr ColumnSet All() { return FromBits(kAllBits); }
  // The string columns (every StringField).
  static constexpr ColumnSet Strings() {
    return FromBits(kAllBits & ~((uint64_t{1} << ColumnId(SegmentColumn::kId)) - 1));
  }

  constexpr ColumnSet& Add(SegmentColumn c) {
    bits_ |= Bit(c);
    return *this;
  }
  ColumnSet& Add(StringField f) { return Add(ColumnForStringField(f)); }
  constexpr ColumnSet& Remove(SegmentColumn c) {
    bits_ &= ~Bit(c);
    return *this;
  }

  constexpr bool Contains(SegmentColumn c) const { return (bits_ & Bit(c)) != 0; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr size_t size() const { return static_cast<size_t>(std::popcount(bits_)); }

  constexpr ColumnSet operator|(ColumnSet o) const { return FromBits(bits_ | o.bits_); }
  constexpr ColumnSet operator&(ColumnSet o) const { return FromBits(bits_ & o.bits_); }
  constexpr ColumnSet operator-(ColumnSet o) const { return FromBits(bits_ & ~o.bits_); }
  constexpr bool operator==(const ColumnSet&) const = default;

  // Bit i stands for the column with id i.
  constexpr uint64_t bits() const { return bits_; }

 private:
  static constexpr uint64_t kAllBits = (uint64_t{1} << kSegmentColumnCount) - 1;
  static constexpr uint64_t Bit(SegmentColumn c) { return uint64_t{1} << ColumnId(c); }
  static constexpr ColumnSet FromBits(uint64_t bits) {
    ColumnSet s;
    s.bits_ = bits & kAllBits;
    return s;
  }

  uint64_t bits_ = 0;
};

}  // namespace vigil
