/*
 * This file is part of gr-neuralfec.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NEURALFEC_CODE_H
#define INCLUDED_NEURALFEC_CODE_H

#include <gnuradio/neuralfec/api.h>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct nfec_code;

namespace gr {
namespace neuralfec {

/*!
 * \brief A binary linear code named by a spec string (C++ view of nfec_code).
 *
 * Specs: a path to an .alist file, "bch:N,K" (standard cyclic parity-check
 * matrix) or "bch:N,K:cyclic" (all N cyclic shifts of the parity row).
 * Construction throws std::invalid_argument with the parser's message.
 */
class NEURALFEC_API code
{
public:
    typedef std::shared_ptr<code> sptr;
    static sptr make(const std::string& spec);
    ~code();

    std::string spec() const;
    //! Length of the (mother) code: codewords, decoder LLRs.
    int n() const;
    //! Information bits a user supplies (shortened ones excluded).
    int k() const;
    //! Bits sent per codeword: n less the punctured and shortened ones.
    int tx_n() const;
    int punctured() const;
    int shortened() const;
    std::vector<int> tx_positions() const;
    int checks() const;
    int edges() const;
    std::vector<int> info_positions() const;
    //! Identity of the parity-check matrix (hash over its edge list).
    uint64_t hash() const;
    //! k information bits (0/1) -> n code bits.
    std::vector<uint8_t> encode(const std::vector<uint8_t>& info) const;
    //! Writes the parity-check matrix as alist, atomically (temp file + rename).
    void write_alist(const std::string& path) const;

    const nfec_code* get() const { return d_code; }

private:
    explicit code(nfec_code* c);
    nfec_code* d_code;
};

} // namespace neuralfec
} // namespace gr

#endif
