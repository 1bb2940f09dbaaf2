find_package(PkgConfig)

PKG_CHECK_MODULES(PC_GR_NEURALFEC gnuradio-neuralfec)

FIND_PATH(
    GR_NEURALFEC_INCLUDE_DIRS
    NAMES gnuradio/neuralfec/api.h
    HINTS $ENV{NEURALFEC_DIR}/include
        ${PC_NEURALFEC_INCLUDEDIR}
    PATHS ${CMAKE_INSTALL_PREFIX}/include
          /usr/local/include
          /usr/include
)

FIND_LIBRARY(
    GR_NEURALFEC_LIBRARIES
    NAMES gnuradio-neuralfec
    HINTS $ENV{NEURALFEC_DIR}/lib
        ${PC_NEURALFEC_LIBDIR}
    PATHS ${CMAKE_INSTALL_PREFIX}/lib
          ${CMAKE_INSTALL_PREFIX}/lib64
          /usr/local/lib
          /usr/local/lib64
          /usr/lib
          /usr/lib64
          )

include("${CMAKE_CURRENT_LIST_DIR}/gnuradio-neuralfecTarget.cmake")

INCLUDE(FindPackageHandleStandardArgs)
FIND_PACKAGE_HANDLE_STANDARD_ARGS(GR_NEURALFEC DEFAULT_MSG GR_NEURALFEC_LIBRARIES GR_NEURALFEC_INCLUDE_DIRS)
MARK_AS_ADVANCED(GR_NEURALFEC_LIBRARIES GR_NEURALFEC_INCLUDE_DIRS)
