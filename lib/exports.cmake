# The shared library exports its C++ API (gr::neuralfec) and the C core's
# public functions, the ones declared in the installed nfec_*.h headers; the
# core's internals (kernels, helpers) stay local. The list is read from the
# headers, so it cannot drift from them.
set(public_headers nfec_error.h nfec_code.h nfec_weights.h nfec_decoder.h nfec_osd.h nfec_bch.h nfec_spec.h nfec_channel.h)
set(names "")
foreach(h ${public_headers})
    file(READ ${PROJECT_SOURCE_DIR}/include/gnuradio/neuralfec/${h} text)
    string(REGEX MATCHALL "nfec_[a-z0-9_]+\\(" found "${text}")
    list(APPEND names ${found})
endforeach()
list(TRANSFORM names REPLACE "\\($" "")
list(REMOVE_DUPLICATES names)
list(JOIN names ";\n        " c_symbols)
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/exports.map "{
    global:
        extern \"C++\" {
            gr::neuralfec::*;
            vtable?for?gr::neuralfec::*;
            typeinfo?for?gr::neuralfec::*;
            typeinfo?name?for?gr::neuralfec::*;
        };
        ${c_symbols};
    local: *;
};
")
