/* Pieces of training shared between the C core's files. */
#ifndef INCLUDED_NFEC_TRAIN_INTERNAL_H
#define INCLUDED_NFEC_TRAIN_INTERNAL_H

#include <gnuradio/neuralfec/nfec_decoder.h>
#include <gnuradio/neuralfec/nfec_train.h>
#include <math.h>

/* The losses' smooth pieces: softplus stable for large arguments. */
static inline double nfec_softplus(double x) { return x > 30 ? x : log1p(exp(x)); }
static inline double nfec_sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

/* Adds to acc (expanded per-iteration arrays of each family) the gradient of
 * a loss whose gradients with respect to the traced soft outputs, c->v and
 * v->c messages are g_out (T*n), g_c2v and g_v2c (T*E); any may be NULL.
 * work: 8 * edges + 2 * n floats. */
void nfec_backward(const nfec_decoder* d, const nfec_code* code, const float* llr, const nfec_trace* tr,
                   const float* g_out, const float* g_c2v, const float* g_v2c, double* const acc[NFEC_FAMILIES], float* work);

/* The weight file's sharing flags (nfec_weights.h) of the check weights
 * under a NFEC_SHARING_* form. */
int nfec_sharing_flags(int sharing);
/* The check-degree form ties the edges of checks of one degree: tie[e] is
 * edge e's class, the return value the number of classes (-1: more than
 * NFEC_TIES_MAX degrees). */
enum { NFEC_TIES_MAX = 64 };
int nfec_ties_by_check_degree(const nfec_code* code, int* tie);
/* Gives every edge of a class, at each iteration, the sum of the class's
 * gradients there (g: iterations * edges): tied weights that start equal
 * stay equal under Adam, which is elementwise. */
void nfec_ties_apply(const int* tie, int edges, int iterations, double* g);

/* L_osd of one frame (nfec_train.h's use_osd): llr the channel LLRs, out
 * the student's last soft output, bits the sent codeword; adds gscale times
 * its derivative by out into g. ranked and gmag: n each, scratch. */
typedef struct {
    float mag;
    int v;
} nfec_ranked;
double nfec_osd_loss(const float* llr, const float* out, const uint8_t* bits, int n, int k, int order, double temperature, double gscale,
                     float* g, nfec_ranked* ranked, double* gmag);

/* The channel of the run's frames of a stream (training, validation). */
void nfec_train_channel(const nfec_train_config* c, int stream, nfec_channel_config* out);
/* The configuration's checks (nfec_trainer_create's). */
nfec_status nfec_train_config_check(const nfec_train_config* c, nfec_error* err);
/* Every setting that shapes a run, one "name=value" line each (malloc'd):
 * what a checkpoint stores and a resumed run must match. */
nfec_status nfec_train_settings(const nfec_code* code, const nfec_train_config* c, const char* teacher_file, int t0, char** out, nfec_error* err);
/* NFEC_OK when equal; else NFEC_EMISMATCH naming the first field that
 * differs, both values and the option that sets it. */
nfec_status nfec_train_settings_compare(const char* theirs, size_t theirs_len, const char* ours, const char* path, nfec_error* err);

#endif
