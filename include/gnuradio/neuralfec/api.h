/*
 * This file is part of gr-neuralfec.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef INCLUDED_NEURALFEC_API_H
#define INCLUDED_NEURALFEC_API_H

#include <gnuradio/attributes.h>

#ifdef gnuradio_neuralfec_EXPORTS
#define NEURALFEC_API __GR_ATTR_EXPORT
#else
#define NEURALFEC_API __GR_ATTR_IMPORT
#endif

#endif
