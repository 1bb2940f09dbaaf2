/* Training: analytic gradients against central finite differences for every
 * loss term and weight family, determinism, exact resume, and a short run
 * that learns. */
#define BOOST_TEST_MODULE nfec_train
#include "tests/qa_util.h"
#include <gnuradio/neuralfec/nfec_osd.h>
#include <gnuradio/neuralfec/nfec_train.h>
#include <gnuradio/neuralfec/nfec_weights.h>
#include <cstring>
#include <set>

struct trainer_deleter {
    void operator()(nfec_trainer* t) const { nfec_trainer_destroy(t); }
};
using trainer_ptr = std::unique_ptr<nfec_trainer, trainer_deleter>;

static trainer_ptr make_trainer(const nfec_code* c, const nfec_train_config& cfg, const nfec_weights* init)
{
    nfec_error err{};
    trainer_ptr t(nfec_trainer_create(c, &cfg, init, &err));
    BOOST_REQUIRE_MESSAGE(t, err.msg);
    return t;
}

/* Every family per element and iteration, values spread around their
 * neutral points so no offset sits at its ReLU kink. */
static weights_ptr spread_weights(const nfec_code* c, int T, int sharing_all)
{
    int sharing[NFEC_FAMILIES] = { sharing_all, sharing_all, sharing_all, sharing_all };
    nfec_error err{};
    weights_ptr w(nfec_weights_create(c, T, sharing, &err));
    std::mt19937 rng(17);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    for (int f = 0; f < NFEC_FAMILIES; f++) {
        float* d = nfec_weights_data(w.get(), nfec_family(f));
        for (int i = 0; i < nfec_weights_count(w.get(), nfec_family(f)); i++)
            d[i] = f == NFEC_B_CV ? 0.05f + 0.2f * u(rng) : 0.7f + 0.5f * u(rng);
    }
    return w;
}

static nfec_train_config small_config()
{
    nfec_train_config cfg;
    nfec_train_config_default(&cfg);
    cfg.student_iterations = 3;
    cfg.teacher_iterations = 6;
    cfg.batch = 6;
    cfg.ebn0_lo = 1.0;
    cfg.ebn0_hi = 3.0;
    cfg.random_codewords = 1;
    cfg.val_count = 0;
    cfg.seed = 5;
    /* Every term on, CE on the last iteration: the paper's loss. */
    cfg.use_ce = cfg.use_kd = cfg.use_sparse = 1;
    cfg.multiloss = 0;
    return cfg;
}

static double loss_at(nfec_trainer* t, const std::vector<float>& p)
{
    std::memcpy(nfec_trainer_params(t), p.data(), p.size() * sizeof(float));
    std::vector<double> g(p.size());
    nfec_train_losses L{};
    nfec_trainer_loss_grad(t, 0, &L, g.data(), nullptr);
    return L.total;
}

/* Directional derivatives along random directions inside each family, and a
 * few single coordinates, against the analytic gradient. */
static nfec_train_losses check_gradient(const char* what, nfec_train_config cfg, int sharing)
{
    auto c = make_code("bch:15,7");
    auto w = spread_weights(c.get(), cfg.student_iterations, sharing);
    auto t = make_trainer(c.get(), cfg, w.get());
    const int np = nfec_trainer_param_count(t.get());
    std::vector<float> p0(nfec_trainer_params(t.get()), nfec_trainer_params(t.get()) + np);
    std::vector<double> g(np);
    nfec_train_losses L{};
    nfec_trainer_loss_grad(t.get(), 0, &L, g.data(), nullptr);
    BOOST_TEST_MESSAGE(what << ": loss " << L.total << " (ce " << L.ce << ", kd " << L.kd << ", sparse " << L.sparse << ", osd " << L.osd << ", ber " << L.ber << ")");
    std::mt19937 rng(3);
    std::normal_distribution<double> nd;
    int offset = 0;
    for (int f = 0; f < NFEC_FAMILIES; f++) {
        const int cnt = nfec_weights_count(nfec_trainer_weights(t.get()), nfec_family(f));
        if (cnt == 0)
            continue;
        double gnorm = 0.0;
        for (int i = 0; i < cnt; i++)
            gnorm += g[offset + i] * g[offset + i];
        gnorm = std::sqrt(gnorm);
        for (int trial = 0; trial < 3; trial++) {
            /* Unit gradient direction plus a random one: the derivative is
             * large next to float noise, and not only along the gradient. */
            std::vector<double> dir(np, 0.0), r(cnt);
            double rnorm = 0.0;
            for (auto& x : r) {
                x = nd(rng);
                rnorm += x * x;
            }
            rnorm = std::sqrt(rnorm);
            for (int i = 0; i < cnt; i++)
                dir[offset + i] = (gnorm > 0 ? g[offset + i] / gnorm : 0.0) + 0.7 * r[i] / rnorm;
            /* Small steps: larger ones cross min / second-min switches, where
             * the loss has kinks. */
            const double h = 1e-4;
            std::vector<float> a = p0, b = p0;
            double analytic = 0.0;
            for (int i = 0; i < np; i++) {
                a[i] = float(double(p0[i]) + h * dir[i]);
                b[i] = float(double(p0[i]) - h * dir[i]);
                analytic += g[i] * dir[i];
            }
            const double numeric = (loss_at(t.get(), a) - loss_at(t.get(), b)) / (2 * h);
            /* 1% relative, plus what float rounding of the loss allows. */
            const double tol = 1e-2 * std::fabs(analytic) + 2e-7 * std::max(1.0, L.total) / h;
            BOOST_TEST(std::fabs(numeric - analytic) <= tol,
                       what << " " << nfec_family_name(nfec_family(f)) << ": analytic " << analytic << " numeric " << numeric);
        }
        offset += cnt;
    }
    return L;
}

BOOST_AUTO_TEST_CASE(gradient_of_cross_entropy)
{
    auto cfg = small_config();
    cfg.use_kd = cfg.use_sparse = 0;
    check_gradient("ce", cfg, 3);
    cfg.multiloss = 1;
    check_gradient("ce multiloss", cfg, 3);
    check_gradient("ce multiloss, scalar weights per iteration", cfg, 1);
    check_gradient("ce multiloss, per-element weights shared over iterations", cfg, 2);
}

BOOST_AUTO_TEST_CASE(gradient_of_distillation)
{
    auto cfg = small_config();
    cfg.use_ce = cfg.use_sparse = 0;
    check_gradient("kd p=2", cfg, 3);
    cfg.p_kd = 1.5;
    cfg.t0 = 1;
    check_gradient("kd p=1.5, t0=1", cfg, 3);
    cfg.teacher_alpha = 0.7f;
    check_gradient("kd from normalized min-sum", cfg, 3);
}

BOOST_AUTO_TEST_CASE(gradient_of_the_other_distillation_forms)
{
    auto cfg = small_config();
    cfg.use_ce = cfg.use_sparse = 0;
    cfg.kd_form = NFEC_KD_RELATIVE;
    check_gradient("kd relative", cfg, 3);
    cfg.kd_form = NFEC_KD_SOFT;
    cfg.kd_temperature = 4.0;
    check_gradient("kd soft, tau 4", cfg, 3);
    cfg.kd_target = NFEC_KD_SOFT_OUTPUT;
    check_gradient("kd soft on soft outputs", cfg, 3);
    cfg.kd_form = NFEC_KD_RAW;
    cfg.kd_map = NFEC_MAP_PROPORTIONAL;
    check_gradient("kd raw on soft outputs, proportional map", cfg, 3);
    cfg.kd_map = NFEC_MAP_LAST;
    cfg.kd_target = NFEC_KD_MESSAGES;
    cfg.kd_form = NFEC_KD_RELATIVE;
    cfg.kd_anneal = 10; /* step 0: lambda at full strength */
    check_gradient("kd relative, last map, annealed", cfg, 3);
}

BOOST_AUTO_TEST_CASE(gradient_of_sparsity)
{
    auto cfg = small_config();
    cfg.use_ce = cfg.use_kd = 0;
    cfg.gamma_sparse = 1.0;
    check_gradient("sparse p=1", cfg, 3);
    cfg.p_sparse = 2.0;
    check_gradient("sparse p=2", cfg, 3);
    cfg.sparse_tanh = 1;
    cfg.p_sparse = 1.0;
    check_gradient("sparse on tanh, p=1", cfg, 3);
}

BOOST_AUTO_TEST_CASE(gradient_of_the_full_loss)
{
    auto cfg = small_config();
    check_gradient("ce + kd + sparse", cfg, 3);
}

BOOST_AUTO_TEST_CASE(gradient_of_the_osd_term)
{
    /* L_osd alone (its count of wrong reliable bits, the k-th magnitude's
     * position included) and beside CE; frames at 1-3 dB through 3
     * iterations of BCH(15,7): some fail, so the term is live. */
    auto cfg = small_config();
    cfg.use_ce = cfg.use_kd = cfg.use_sparse = 0;
    cfg.use_osd = 1;
    cfg.osd_order = 1;
    BOOST_TEST(check_gradient("osd, order 1", cfg, 3).osd > 0.0);
    cfg.osd_temperature = 0.5;
    cfg.osd_order = 2;
    cfg.use_ce = cfg.multiloss = 1;
    cfg.osd_weight = 3.0;
    const nfec_train_losses L = check_gradient("ce + 3 osd, order 2, temperature 0.5", cfg, 1);
    BOOST_TEST(L.osd > 0.0);
    BOOST_TEST(std::fabs(L.total - (L.ce + 3.0 * L.osd)) <= 1e-12 * L.total);
}

BOOST_AUTO_TEST_CASE(gradient_of_the_soft_bit_errors)
{
    /* L_ber alone on every family, then beside CE at another temperature;
     * frames at 1-3 dB through 3 iterations of BCH(15,7). */
    auto cfg = small_config();
    cfg.use_ce = cfg.use_kd = cfg.use_sparse = 0;
    cfg.use_ber = 1;
    BOOST_TEST(check_gradient("ber", cfg, 3).ber > 0.0);
    cfg.use_ce = cfg.multiloss = 1;
    cfg.ber_temperature = 0.5;
    const nfec_train_losses L = check_gradient("ce + ber, temperature 0.5", cfg, 1);
    BOOST_TEST(std::fabs(L.total - (L.ce + L.ber)) <= 1e-12 * L.total);
    nfec_error err{};
    cfg.ber_temperature = 0.0;
    auto c = make_code("bch:15,7");
    trainer_ptr t(nfec_trainer_create(c.get(), &cfg, nullptr, &err));
    BOOST_TEST(!t);
    BOOST_TEST(std::string(err.msg).find("--ber-temperature") != std::string::npos, err.msg);
}

BOOST_AUTO_TEST_CASE(validation_of_the_hybrid_and_the_osd_settings)
{
    /* --osd-order validates the student followed by OSD: fewer errors on the
     * same frames than the student alone. The term without an order, orders
     * past the largest and a zero temperature are refused, naming them. */
    nfec_train_config cfg;
    nfec_train_config_default(&cfg);
    cfg.use_kd = 0;
    cfg.val_frames = 1000;
    cfg.val_count = 1;
    cfg.val_ebn0[0] = 3.0;
    auto c = make_code("bch:31,16");
    double ber[2], fer[2];
    nfec_train_config hybrid = cfg;
    hybrid.osd_order = 2;
    nfec_trainer_validate(make_trainer(c.get(), cfg, nullptr).get(), &ber[0], &fer[0], nullptr);
    nfec_trainer_validate(make_trainer(c.get(), hybrid, nullptr).get(), &ber[1], &fer[1], nullptr);
    BOOST_TEST_MESSAGE("validation FER at 3 dB: student " << fer[0] << ", student + OSD-2 " << fer[1]);
    BOOST_TEST(fer[0] > 0.0);
    BOOST_TEST(fer[1] < 0.5 * fer[0]);
    auto refused = [&](const nfec_train_config& bad, const char* names) {
        nfec_error err{};
        trainer_ptr t(nfec_trainer_create(c.get(), &bad, nullptr, &err));
        BOOST_TEST(!t);
        BOOST_TEST(err.status == NFEC_EINVAL);
        BOOST_TEST(std::string(err.msg).find(names) != std::string::npos, err.msg);
    };
    cfg.use_osd = 1;
    refused(cfg, "--osd-order");
    cfg.osd_order = NFEC_OSD_MAX_ORDER + 1;
    refused(cfg, "OSD order 5");
    cfg.osd_order = 1;
    cfg.osd_temperature = 0.0;
    refused(cfg, "positive temperature");
}

BOOST_AUTO_TEST_CASE(gradient_of_sum_product_and_of_the_layered_schedule)
{
    /* The backward pass through the sum-product rule (neural BP) and through
     * the layered schedule, each rule on each schedule, student and teacher
     * alike. */
    for (int rule : { NFEC_MINSUM, NFEC_SUMPRODUCT })
        for (int schedule : { NFEC_FLOODING, NFEC_LAYERED }) {
            auto cfg = small_config();
            cfg.rule = cfg.teacher_rule = nfec_update_rule(rule);
            cfg.schedule = cfg.teacher_schedule = nfec_schedule(schedule);
            cfg.multiloss = 1;
            const std::string what = std::string(rule == NFEC_SUMPRODUCT ? "sum-product" : "min-sum") +
                                     (schedule == NFEC_LAYERED ? ", layered" : ", flooding");
            check_gradient((what + ": ce + kd + sparse").c_str(), cfg, 3);
            cfg.use_kd = cfg.use_sparse = 0;
            check_gradient((what + ": ce, per-element weights shared over iterations").c_str(), cfg, 2);
        }
}

BOOST_AUTO_TEST_CASE(a_damped_bp_teacher_and_where_damping_is_refused)
{
    /* A damped sum-product teacher (bp:T:DAMPING) gives other targets than
     * the undamped one, and the student's gradient stays exact; damping on
     * any other teacher is refused at creation, naming it. */
    auto cfg = small_config();
    cfg.teacher_rule = NFEC_SUMPRODUCT;
    cfg.teacher_damping = 0.3f;
    check_gradient("min-sum student, damped BP teacher: ce + kd + sparse", cfg, 3);
    auto c = make_code("bch:31,16");
    auto damped = make_trainer(c.get(), cfg, nullptr);
    cfg.teacher_damping = 0.0f;
    auto plain = make_trainer(c.get(), cfg, nullptr);
    nfec_train_losses ld{}, lp{};
    BOOST_REQUIRE(nfec_trainer_step(damped.get(), &ld, nullptr) == NFEC_OK);
    BOOST_REQUIRE(nfec_trainer_step(plain.get(), &lp, nullptr) == NFEC_OK);
    BOOST_TEST(ld.ce == lp.ce); /* the same frames and student */
    BOOST_TEST(ld.kd != lp.kd);
    for (auto bad : { std::make_pair(NFEC_MINSUM, NFEC_FLOODING), std::make_pair(NFEC_SUMPRODUCT, NFEC_LAYERED) }) {
        cfg.teacher_rule = bad.first;
        cfg.teacher_schedule = bad.second;
        cfg.teacher_damping = 0.3f;
        nfec_error err{};
        trainer_ptr t(nfec_trainer_create(c.get(), &cfg, nullptr, &err));
        BOOST_TEST(!t);
        BOOST_TEST(std::string(err.msg).find("teacher damping") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(sharing_forms_of_a_fresh_student)
{
    /* --sharing: the file's layout of each form, and the check-degree form's
     * gradient is, at each iteration, the sum of the per-edge gradients over
     * the checks of one degree, so its weights stay equal within a degree
     * through Adam steps and differ between degrees. */
    auto c = make_code("wifi:648:1/2"); /* checks of degrees 7 and 8 */
    const int E = nfec_code_edges(c.get()), m = nfec_code_checks(c.get());
    const int* start = nfec_code_check_start(c.get());
    auto cfg = small_config();
    cfg.init_alpha = 0.8f;
    const int counts[NFEC_SHARING_COUNT] = { E * cfg.student_iterations, E, cfg.student_iterations, E * cfg.student_iterations };
    for (int s = 0; s < NFEC_SHARING_COUNT; s++) {
        cfg.sharing = s;
        auto t = make_trainer(c.get(), cfg, nullptr);
        BOOST_TEST(nfec_weights_count(nfec_trainer_weights(t.get()), NFEC_W_CV) == counts[s], nfec_train_sharing_name(s));
        BOOST_TEST(nfec_train_sharing_parse(nfec_train_sharing_name(s)) == s);
    }
    BOOST_TEST(nfec_train_sharing_parse("per-check") == -1);

    cfg.sharing = NFEC_SHARING_EDGE_ITERATION;
    auto free_t = make_trainer(c.get(), cfg, nullptr);
    cfg.sharing = NFEC_SHARING_CHECK_DEGREE;
    auto tied = make_trainer(c.get(), cfg, nullptr);
    const int np = nfec_trainer_param_count(tied.get());
    std::vector<double> gf(np), gt(np);
    nfec_train_losses L{};
    nfec_trainer_loss_grad(free_t.get(), 0, &L, gf.data(), nullptr);
    nfec_trainer_loss_grad(tied.get(), 0, &L, gt.data(), nullptr);
    std::vector<int> degree(E); /* of each edge's check */
    for (int c1 = 0; c1 < m; c1++)
        for (int e = start[c1]; e < start[c1 + 1]; e++)
            degree[e] = start[c1 + 1] - start[c1];
    for (int it = 0; it < cfg.student_iterations; it++)
        for (int e = 0; e < E; e++) {
            double sum = 0.0;
            for (int j = 0; j < E; j++)
                if (degree[j] == degree[e])
                    sum += gf[(size_t)it * E + j];
            BOOST_TEST(gt[(size_t)it * E + e] == sum, boost::test_tools::tolerance(1e-9));
        }
    const int degrees = (int)std::set<int>(degree.begin(), degree.end()).size();
    BOOST_TEST_MESSAGE(degrees << " check degrees");
    BOOST_REQUIRE(degrees > 1);

    for (int i = 0; i < 5; i++)
        BOOST_REQUIRE(nfec_trainer_step(tied.get(), nullptr, nullptr) == NFEC_OK);
    const float* w = nfec_trainer_params(tied.get());
    bool moved_apart = false;
    for (int it = 0; it < cfg.student_iterations; it++)
        for (int c1 = 0; c1 < m; c1++)
            for (int c2 = 0; c2 < m; c2++) {
                const float a = w[(size_t)it * E + start[c1]], b = w[(size_t)it * E + start[c2]];
                if (start[c1 + 1] - start[c1] == start[c2 + 1] - start[c2])
                    for (int j = start[c2]; j < start[c2 + 1]; j++)
                        BOOST_TEST(w[(size_t)it * E + j] == a);
                else
                    moved_apart = moved_apart || a != b;
            }
    BOOST_TEST(moved_apart);

    /* A file's weights keep their own sharing. */
    auto init = spread_weights(c.get(), cfg.student_iterations, 3);
    nfec_error err{};
    trainer_ptr t(nfec_trainer_create(c.get(), &cfg, init.get(), &err));
    BOOST_TEST(!t);
    BOOST_TEST(std::string(err.msg).find("sharing check-degree is for a fresh student") != std::string::npos, err.msg);
    cfg.sharing = NFEC_SHARING_COUNT;
    trainer_ptr u(nfec_trainer_create(c.get(), &cfg, nullptr, &err));
    BOOST_TEST(!u);
    BOOST_TEST(std::string(err.msg).find("unknown sharing") != std::string::npos, err.msg);
}

static std::vector<float> train_params(const nfec_train_config& cfg, int steps)
{
    auto c = make_code("bch:31,16");
    auto t = make_trainer(c.get(), cfg, nullptr);
    for (int i = 0; i < steps; i++)
        BOOST_REQUIRE(nfec_trainer_step(t.get(), nullptr, nullptr) == NFEC_OK);
    const float* p = nfec_trainer_params(t.get());
    return std::vector<float>(p, p + nfec_trainer_param_count(t.get()));
}

BOOST_AUTO_TEST_CASE(same_seed_same_threads_same_weights)
{
    auto cfg = small_config();
    cfg.batch = 16;
    cfg.threads = 2;
    auto a = train_params(cfg, 5);
    auto b = train_params(cfg, 5);
    BOOST_TEST(std::memcmp(a.data(), b.data(), a.size() * 4) == 0);
    cfg.seed = 6;
    auto d = train_params(cfg, 5);
    BOOST_TEST(std::memcmp(a.data(), d.data(), a.size() * 4) != 0);
}

/* Data-parallel training (what neuralfec-train does under MPI): each shard's
 * loss terms and gradient, summed and applied, are one trainer's whose
 * threads split the batch at the same frames: bit for bit. */
BOOST_AUTO_TEST_CASE(shards_summed_are_one_trainer)
{
    auto cfg = small_config();
    cfg.batch = 16;
    cfg.threads = 2;
    auto whole = train_params(cfg, 4);
    auto c = make_code("bch:31,16");
    cfg.threads = 1;
    cfg.shards = 2;
    std::vector<trainer_ptr> shard;
    for (int r = 0; r < 2; r++) {
        cfg.shard = r;
        shard.push_back(make_trainer(c.get(), cfg, nullptr));
    }
    const int np = nfec_trainer_param_count(shard[0].get());
    std::vector<double> sum(np), g(np);
    for (long step = 0; step < 4; step++) {
        nfec_train_losses total{};
        std::fill(sum.begin(), sum.end(), 0.0);
        for (auto& t : shard) {
            nfec_train_losses L{};
            BOOST_REQUIRE(nfec_trainer_loss_grad(t.get(), step, &L, g.data(), nullptr) == NFEC_OK);
            for (int i = 0; i < np; i++)
                sum[i] += g[i];
            total.ce += L.ce;
            total.kd += L.kd;
            total.sparse += L.sparse;
        }
        for (auto& t : shard) {
            nfec_train_losses L = total;
            nfec_error err{};
            BOOST_REQUIRE_MESSAGE(nfec_trainer_apply_gradient(t.get(), sum.data(), &L, &err) == NFEC_OK, err.msg);
            BOOST_TEST(L.total > 0.0);
        }
    }
    for (auto& t : shard)
        BOOST_TEST(std::memcmp(whole.data(), nfec_trainer_params(t.get()), whole.size() * 4) == 0);

    /* a gradient that is not finite is refused, the weights untouched */
    sum[0] = std::nan("");
    nfec_train_losses L{};
    nfec_error err{};
    BOOST_TEST(nfec_trainer_apply_gradient(shard[0].get(), sum.data(), &L, &err) == NFEC_EINVAL);
    BOOST_TEST(std::string(err.msg).find("not finite") != std::string::npos, err.msg);
    BOOST_TEST(std::memcmp(whole.data(), nfec_trainer_params(shard[0].get()), whole.size() * 4) == 0);
    /* a shard outside the world, or more shards than frames */
    for (auto [r, n] : { std::pair{ 2, 2 }, std::pair{ -1, 2 }, std::pair{ 0, 17 }, std::pair{ 0, 0 } }) {
        cfg.shard = r;
        cfg.shards = n;
        BOOST_TEST(!nfec_trainer_create(c.get(), &cfg, nullptr, &err));
        BOOST_TEST(std::string(err.msg).find("shard") != std::string::npos, err.msg);
    }
}

/* Hard-frame emphasis: the batch's first slots hold frames the student gets
 * wrong (a larger loss than the plain batch), the same for any threads. */
BOOST_AUTO_TEST_CASE(hard_frames_are_frames_the_student_fails)
{
    auto cfg = small_config();
    cfg.batch = 16;
    cfg.ebn0_lo = 3.0;
    cfg.ebn0_hi = 5.0;
    cfg.threads = 1;
    auto c = make_code("bch:31,16");
    auto plain = make_trainer(c.get(), cfg, nullptr);
    cfg.hard_frames = 0.5;
    auto hard = make_trainer(c.get(), cfg, nullptr);
    std::vector<double> g(nfec_trainer_param_count(plain.get()));
    nfec_train_losses a{}, b{};
    nfec_trainer_loss_grad(plain.get(), 0, &a, g.data(), nullptr);
    nfec_trainer_loss_grad(hard.get(), 0, &b, g.data(), nullptr);
    BOOST_TEST_MESSAGE("cross-entropy " << a.ce << " plain, " << b.ce << " with half the batch hard");
    BOOST_TEST(b.ce > 1.5 * a.ce);
    cfg.threads = 2;
    auto one = train_params(cfg, 3);
    cfg.threads = 1;
    auto two = train_params(cfg, 3);
    BOOST_TEST(std::memcmp(one.data(), two.data(), one.size() * 4) == 0);
    nfec_error err{};
    for (double bad : { -0.1, 0.95, double(NAN) }) {
        cfg.hard_frames = bad;
        BOOST_TEST(!nfec_trainer_create(c.get(), &cfg, nullptr, &err));
        BOOST_TEST(std::string(err.msg).find("hard frames") != std::string::npos, err.msg);
    }
}

BOOST_AUTO_TEST_CASE(warm_up_scales_the_first_steps)
{
    /* Adam's first step moves every parameter by about lr; with a warm-up of
     * W steps, by lr / W. */
    auto cfg = small_config();
    const auto start = train_params(cfg, 0);
    const auto full = train_params(cfg, 1);
    cfg.lr_warmup = 10;
    const auto warm = train_params(cfg, 1);
    double moved_full = 0, moved_warm = 0;
    for (size_t i = 0; i < start.size(); i++) {
        moved_full += std::fabs(full[i] - start[i]);
        moved_warm += std::fabs(warm[i] - start[i]);
    }
    BOOST_TEST_MESSAGE("first step moved " << moved_full << " without warm-up, " << moved_warm << " with 10 steps");
    BOOST_TEST(moved_warm * 10 == moved_full, boost::test_tools::tolerance(0.02));
}

BOOST_AUTO_TEST_CASE(resume_from_a_checkpoint_continues_exactly)
{
    auto cfg = small_config();
    cfg.batch = 12;
    cfg.threads = 2;
    auto straight = train_params(cfg, 8);
    auto c = make_code("bch:31,16");
    std::string ck = std::string(NFEC_TEST_TMP) + "/train.ckpt";
    {
        auto t = make_trainer(c.get(), cfg, nullptr);
        for (int i = 0; i < 3; i++)
            nfec_trainer_step(t.get(), nullptr, nullptr);
        nfec_error err{};
        BOOST_REQUIRE_MESSAGE(nfec_trainer_save_checkpoint(t.get(), ck.c_str(), &err) == NFEC_OK, err.msg);
    }
    auto t = make_trainer(c.get(), cfg, nullptr);
    nfec_error err{};
    BOOST_REQUIRE_MESSAGE(nfec_trainer_load_checkpoint(t.get(), ck.c_str(), &err) == NFEC_OK, err.msg);
    BOOST_TEST(nfec_trainer_steps_done(t.get()) == 3);
    for (int i = 3; i < 8; i++)
        nfec_trainer_step(t.get(), nullptr, nullptr);
    BOOST_TEST(std::memcmp(straight.data(), nfec_trainer_params(t.get()), straight.size() * 4) == 0);

    /* A checkpoint from other settings is refused, naming the option. */
    auto other = cfg;
    other.lr = 0.02;
    auto u = make_trainer(c.get(), other, nullptr);
    BOOST_TEST(nfec_trainer_load_checkpoint(u.get(), ck.c_str(), &err) == NFEC_EMISMATCH);
    BOOST_TEST(std::string(err.msg).find("made with lr = 0.01") != std::string::npos, err.msg);
    BOOST_TEST(std::string(err.msg).find("this run has 0.02 (--lr)") != std::string::npos, err.msg);
    other = cfg;
    other.schedule = NFEC_LAYERED;
    auto v = make_trainer(c.get(), other, nullptr);
    BOOST_TEST(nfec_trainer_load_checkpoint(v.get(), ck.c_str(), &err) == NFEC_EMISMATCH);
    BOOST_TEST(std::string(err.msg).find("(--schedule)") != std::string::npos, err.msg);
    auto w = make_trainer(make_code("bch:31,21").get(), cfg, nullptr);
    BOOST_TEST(nfec_trainer_load_checkpoint(w.get(), ck.c_str(), &err) == NFEC_EMISMATCH);
    BOOST_TEST(std::string(err.msg).find("(--code)") != std::string::npos, err.msg);
}

BOOST_AUTO_TEST_CASE(the_training_range_follows_the_code)
{
    /* The informative range sits where the starting decoder's BER falls from
     * about 3e-2 to 3e-4: lower for an LDPC code than for BCH(63,36),
     * validation points in order inside or at its ends. */
    nfec_train_config cfg;
    nfec_train_config_default(&cfg);
    double lo[2], hi[2], val[2][3];
    const std::string codes[2] = { "bch:63,36", ldpc_file("n_0300_k_0152_gap_03.alist") };
    for (int i = 0; i < 2; i++) {
        auto c = make_code(codes[i]);
        nfec_error err{};
        BOOST_REQUIRE_MESSAGE(nfec_train_auto_ebn0(c.get(), &cfg, &lo[i], &hi[i], val[i], &err) == NFEC_OK, err.msg);
        BOOST_TEST_MESSAGE(codes[i] << ": training " << lo[i] << ":" << hi[i] << " dB, validation " << val[i][0] << ", " << val[i][1] << ", "
                                    << val[i][2]);
        BOOST_TEST(lo[i] < hi[i]);
        BOOST_TEST(lo[i] <= val[i][0]);
        BOOST_TEST(val[i][0] < val[i][1]);
        BOOST_TEST(val[i][1] < val[i][2]);
        BOOST_TEST(val[i][2] <= hi[i] + 0.5);
    }
    BOOST_TEST(hi[1] < hi[0]); /* the LDPC code's waterfall is earlier */
}

BOOST_AUTO_TEST_CASE(a_short_run_learns)
{
    /* 150 steps of cross-entropy on BCH(63,36), T=5: validation BER at
     * 4 and 5 dB drops below plain min-sum's (the starting point). */
    nfec_train_config cfg;
    nfec_train_config_default(&cfg);
    cfg.use_kd = cfg.use_sparse = 0;
    cfg.multiloss = 1;
    cfg.threads = 2;
    cfg.val_frames = 3000;
    cfg.val_count = 2;
    cfg.val_ebn0[0] = 4.0;
    cfg.val_ebn0[1] = 5.0;
    auto c = make_code("bch:63,36");
    auto t = make_trainer(c.get(), cfg, nullptr);
    double ber0[2], fer0[2], ber1[2], fer1[2];
    nfec_trainer_validate(t.get(), ber0, fer0, nullptr);
    nfec_train_losses first{}, last{};
    for (int i = 0; i < 150; i++)
        nfec_trainer_step(t.get(), i == 0 ? &first : &last, nullptr);
    nfec_trainer_validate(t.get(), ber1, fer1, nullptr);
    BOOST_TEST_MESSAGE("loss " << first.total << " -> " << last.total << "; BER 4 dB " << ber0[0] << " -> " << ber1[0] << ", 5 dB " << ber0[1] << " -> " << ber1[1]);
    BOOST_TEST(last.total < first.total);
    BOOST_TEST(ber1[0] < 0.9 * ber0[0]);
    BOOST_TEST(ber1[1] < 0.9 * ber0[1]);
}
