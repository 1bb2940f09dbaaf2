/* gr::neuralfec::code: the C core's nfec_code for C++ and Python, plus the
 * frame arithmetic every adapter shares. */
#include "core_handles.h"
#include <gnuradio/neuralfec/nfec_code.h>
#include <cmath>

namespace gr {
namespace neuralfec {

double frame_layout::rate() const { return std::nextafter(double(d_k) / d_n, 2.0); }

code::sptr code::make(const std::string& spec)
{
    nfec_error err{};
    return sptr(new code(check_core(nfec_code_create(spec.c_str(), &err), err, "neuralfec code")));
}

code::code(nfec_code* c) : d_code(c) {}
code::~code() { nfec_code_destroy(d_code); }

std::string code::spec() const { return nfec_code_spec(d_code); }
int code::n() const { return nfec_code_n(d_code); }
int code::k() const { return nfec_code_k(d_code); }
int code::tx_n() const { return nfec_code_tx_n(d_code); }
int code::punctured() const { return nfec_code_punctured(d_code); }
int code::shortened() const { return nfec_code_shortened(d_code); }
std::vector<int> code::tx_positions() const
{
    const int* p = nfec_code_tx_positions(d_code);
    return std::vector<int>(p, p + tx_n());
}
int code::checks() const { return nfec_code_checks(d_code); }
int code::edges() const { return nfec_code_edges(d_code); }
uint64_t code::hash() const { return nfec_code_hash(d_code); }

std::vector<int> code::info_positions() const
{
    const int* p = nfec_code_info_positions(d_code);
    return std::vector<int>(p, p + k());
}

std::vector<uint8_t> code::encode(const std::vector<uint8_t>& info) const
{
    if (int(info.size()) != k())
        throw std::invalid_argument("encode: got " + std::to_string(info.size()) +
                                    " information bits, the code has K = " + std::to_string(k()));
    std::vector<uint8_t> cw(n());
    nfec_code_encode(d_code, info.data(), cw.data());
    return cw;
}

void code::write_alist(const std::string& path) const
{
    nfec_error err{};
    if (nfec_code_save_alist(d_code, path.c_str(), &err) != NFEC_OK)
        throw std::runtime_error(err.msg);
}

} // namespace neuralfec
} // namespace gr
