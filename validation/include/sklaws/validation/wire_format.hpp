// Byte encoding of replicate results and reducer states, for moving them
// between MPI ranks (monte_carlo.hpp).
//
// Wire<T> encodes
//   * any trivially copyable T (double, integers, std::array, plain structs)
//     as its object representation — ranks of one run execute the same
//     binary on the same architecture, so no byte-order conversion is made;
//   * std::vector<T> and std::string as a 64-bit length followed by the
//     elements (one memcpy when the elements are trivially copyable);
//   * std::pair<A, B> as A then B.
// A result type outside these is a compile error naming Wire<T>: give it a
// Wire specialisation (put/get) to run it across ranks.
//
// decode(encode(x)) == x bit for bit, which is what makes a result computed
// on rank 3 indistinguishable from the same result computed on rank 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace sklaws::validation {

using Bytes = std::vector<char>;

// Appends to a byte buffer.
class ByteWriter {
public:
    explicit ByteWriter(Bytes& out) : out_(out) {}
    void raw(const void* data, std::size_t size) {
        if (size == 0) return;
        const std::size_t at = out_.size();
        out_.resize(at + size);
        std::memcpy(out_.data() + at, data, size);
    }
    template <class T>
    void put(const T& value);

private:
    Bytes& out_;
};

// Reads a byte buffer front to back; reading past the end throws (a
// truncated message is a bug, never silently zero).
class ByteReader {
public:
    ByteReader(const char* data, std::size_t size) : data_(data), size_(size) {}
    explicit ByteReader(const Bytes& bytes) : ByteReader(bytes.data(), bytes.size()) {}
    void raw(void* out, std::size_t size) {
        if (size > size_ - pos_) throw std::logic_error("wire format: read past the end of a message");
        std::memcpy(out, data_ + pos_, size);
        pos_ += size;
    }
    template <class T>
    T get();
    bool at_end() const { return pos_ == size_; }
    std::size_t position() const { return pos_; }

private:
    const char* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

template <class T, class Enable = void>
struct Wire {
    static_assert(sizeof(T) == 0,
                  "no Wire<T> encoding for this replicate result type: return a double, an integer, a "
                  "trivially copyable struct, or a std::vector/std::string/std::pair of those, or "
                  "specialise sklaws::validation::Wire<T>");
};

template <class T>
struct Wire<T, std::enable_if_t<std::is_trivially_copyable_v<T>>> {
    static void put(ByteWriter& w, const T& v) { w.raw(&v, sizeof(T)); }
    static T get(ByteReader& r) {
        T v;
        r.raw(&v, sizeof(T));
        return v;
    }
};

template <class T, class A>
struct Wire<std::vector<T, A>> {
    static void put(ByteWriter& w, const std::vector<T, A>& v) {
        Wire<std::uint64_t>::put(w, static_cast<std::uint64_t>(v.size()));
        if constexpr (std::is_trivially_copyable_v<T>) {
            if (!v.empty()) w.raw(v.data(), v.size() * sizeof(T));
        } else {
            for (const auto& x : v) Wire<T>::put(w, x);
        }
    }
    static std::vector<T, A> get(ByteReader& r) {
        const auto n = static_cast<std::size_t>(Wire<std::uint64_t>::get(r));
        std::vector<T, A> v;
        if constexpr (std::is_trivially_copyable_v<T>) {
            v.resize(n);
            if (n != 0) r.raw(v.data(), n * sizeof(T));
        } else {
            v.reserve(n);
            for (std::size_t i = 0; i < n; ++i) v.push_back(Wire<T>::get(r));
        }
        return v;
    }
};

template <>
struct Wire<std::string> {
    static void put(ByteWriter& w, const std::string& s) {
        Wire<std::uint64_t>::put(w, static_cast<std::uint64_t>(s.size()));
        w.raw(s.data(), s.size());
    }
    static std::string get(ByteReader& r) {
        std::string s(static_cast<std::size_t>(Wire<std::uint64_t>::get(r)), '\0');
        r.raw(s.data(), s.size());
        return s;
    }
};

template <class A, class B>
struct Wire<std::pair<A, B>, std::enable_if_t<!std::is_trivially_copyable_v<std::pair<A, B>>>> {
    static void put(ByteWriter& w, const std::pair<A, B>& p) {
        Wire<A>::put(w, p.first);
        Wire<B>::put(w, p.second);
    }
    static std::pair<A, B> get(ByteReader& r) {
        A a = Wire<A>::get(r);
        B b = Wire<B>::get(r);
        return {std::move(a), std::move(b)};
    }
};

template <class T>
void ByteWriter::put(const T& value) {
    Wire<T>::put(*this, value);
}

template <class T>
T ByteReader::get() {
    return Wire<T>::get(*this);
}

}  // namespace sklaws::validation
