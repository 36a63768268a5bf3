// A deterministic write workload on /data (cjfs) for the power-cut scenario: it creates,
// appends to, shrinks, renames and removes files in /data/stress/d0..d2, and makes and removes
// the directories /data/stress/x0..x1. Step s does one operation chosen by a hash of s from the
// state before it, so the whole tree after step n -- names, sizes, every byte -- is a pure
// function of n, recomputed here by replaying the plan in memory, never stored.
//
// Every step is one cjfs operation, so one transaction (appends stay below 6 KiB and files
// within the 12 direct blocks). After every `batch` steps the program writes n to
// /data/stress/step (8 bytes: one transaction), syncs and prints "synced n": the state up to n
// is durable. On start it reads that n back, recomputes the tree, and compares it with what is
// on the disk: the disk may also hold the few steps that completed after the last sync, but
// each must be whole, so the tree must equal the one after n, n+1, ... or n+batch. It prints
// "verified n" (with how many later steps it found) or exactly what differs, then goes on from
// there for batches_per_boot batches and exits.
#include "lib/core/format.hpp"
#include "lib/fs/file_protocol.hpp"
#include "user/runtime/file.hpp"
#include "user/runtime/namespace.hpp"
#include "user/runtime/print.hpp"
#include "user/runtime/startup.hpp"

namespace {

constexpr uint32_t slots = 8;   // files f0..f7
constexpr uint8_t dirs = 3;     // where they live: d0..d2
constexpr uint32_t xdirs = 2;   // directories made and removed: x0, x1
constexpr uint64_t batch = 8;   // steps between syncs
constexpr uint64_t batches_per_boot = 5;
constexpr uint64_t max_len = 48 * 1024;  // 12 direct blocks: no indirect block to log
constexpr uint64_t max_append = 6000;    // at most 3 data blocks per transaction

/// One file slot of the model: where it is and what it holds.
struct Slot {
    bool exists = false;
    uint8_t dir = 0;      // d0..d2
    uint8_t variant = 0;  // name f<i>a or f<i>b (a rename flips it)
    uint64_t gen = 0;     // the step that created or emptied it: its bytes depend on it
    uint64_t len = 0;
};

/// The whole tree below /data/stress (besides d0..d2 and step, which always exist).
struct Model {
    Slot slot[slots];
    bool xdir[xdirs] = {};
};

enum class Kind : uint8_t { Create, Append, Empty, Shrink, Rename, Unlink, Mkdir, Rmdir };

/// What step s does, decided from s and the state before it.
struct Step {
    Kind kind;
    uint32_t index;      // the slot, or the x directory
    uint8_t dir;         // Create, Rename: the directory it goes to
    uint64_t amount;     // Append: bytes; Shrink: the new size
};

uint64_t mix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

/// Byte k of a file created (or emptied) at step gen: differs between generations.
uint8_t content(uint64_t gen, uint64_t k) {
    return static_cast<uint8_t>(k * 131 + (k >> 8) + gen * 29 + (gen >> 3));
}

Step plan(const Model& m, uint64_t s) {
    uint64_t h = mix(s);
    if (h % 10 == 0) {
        uint32_t x = static_cast<uint32_t>((h >> 4) % xdirs);
        return {m.xdir[x] ? Kind::Rmdir : Kind::Mkdir, x, 0, 0};
    }
    uint32_t i = static_cast<uint32_t>((h >> 8) % slots);
    const Slot& slot = m.slot[i];
    uint8_t dir = static_cast<uint8_t>((h >> 16) % dirs);
    if (!slot.exists) return {Kind::Create, i, dir, 0};
    uint64_t r = (h >> 20) % 16;
    if (r < 9) {
        uint64_t bytes = 1 + (h >> 24) % max_append;
        if (slot.len + bytes > max_len) return {Kind::Empty, i, 0, 0};
        return {Kind::Append, i, 0, bytes};
    }
    if (r < 11) return {Kind::Shrink, i, 0, slot.len * ((h >> 24) % 4) / 4};
    if (r < 14) return {Kind::Rename, i, dir, 0};
    return {Kind::Unlink, i, 0, 0};
}

void apply(Model& m, const Step& step, uint64_t s) {
    Slot& slot = m.slot[step.index];
    switch (step.kind) {
    case Kind::Create: slot = {true, step.dir, 0, s, 0}; break;
    case Kind::Append: slot.len += step.amount; break;
    case Kind::Empty: slot.gen = s; slot.len = 0; break;
    case Kind::Shrink: slot.len = step.amount; break;
    case Kind::Rename: slot.dir = step.dir; slot.variant ^= 1; break;
    case Kind::Unlink: slot = {}; break;
    case Kind::Mkdir: m.xdir[step.index] = true; break;
    case Kind::Rmdir: m.xdir[step.index] = false; break;
    }
}

/// The model after step n, from the empty tree.
Model model_at(uint64_t n) {
    Model m;
    for (uint64_t s = 1; s <= n; ++s) apply(m, plan(m, s), s);
    return m;
}

/// "/data/stress/d<dir>/f<i><a|b>" and "/data/stress/x<j>".
struct Path {
    char text[32] = "/data/stress/d0/f0a";
    [[nodiscard]] StringView view() const { return {text, size}; }
    size_t size = 19;
};
Path file_path(uint32_t index, uint8_t dir, uint8_t variant) {
    Path p;
    p.text[14] = static_cast<char>('0' + dir);
    p.text[17] = static_cast<char>('0' + index);
    p.text[18] = static_cast<char>('a' + variant);
    return p;
}
Path xdir_path(uint32_t j) {
    Path p;
    p.text[13] = 'x';
    p.text[14] = static_cast<char>('0' + j);
    p.size = 15;
    return p;
}

uint8_t chunk[max_append];

/// Does `step` on the disk; the error of the operation that failed, if one did.
Status perform(Namespace& names, const Model& before, const Step& step) {
    const Slot& slot = before.slot[step.index];
    Path here = file_path(step.index, slot.dir, slot.variant);
    switch (step.kind) {
    case Kind::Create: {
        auto made = names.open(file_path(step.index, step.dir, 0).view(),
                               fs::open_create | fs::open_exclusive, fs::all_file_rights);
        return made.ok() ? Status(true) : Status(made.error());
    }
    case Kind::Append: {
        for (uint64_t k = 0; k < step.amount; ++k) chunk[k] = content(slot.gen, slot.len + k);
        auto file = names.open(here.view(), 0, fs::all_file_rights);
        if (!file.ok()) return file.error();
        auto wrote = file.value().write(slot.len, std::span<const uint8_t>(chunk, step.amount));
        if (!wrote.ok()) return wrote.error();
        return wrote.value() == step.amount ? Status(true) : Status(Error::NoSpace);
    }
    case Kind::Empty:
    case Kind::Shrink: {
        auto file = names.open(here.view(), 0, fs::all_file_rights);
        if (!file.ok()) return file.error();
        return file.value().truncate(step.kind == Kind::Empty ? 0 : step.amount);
    }
    case Kind::Rename:
        return names.rename(here.view(),
                            file_path(step.index, step.dir, slot.variant ^ 1).view());
    case Kind::Unlink: return names.unlink(here.view());
    case Kind::Mkdir: return names.mkdir(xdir_path(step.index).view());
    case Kind::Rmdir: return names.unlink(xdir_path(step.index).view());
    }
    return Status(true);
}

const char* kind_name(Kind k) {
    static const char* const names[] = {"create", "append", "empty", "shrink",
                                        "rename", "unlink", "mkdir", "rmdir"};
    return names[static_cast<int>(k)];
}

// ---- what the disk holds -----------------------------------------------------------------
/// The tree as read from the disk, in the model's terms.
struct Observed {
    Model shape;                        // exists, dir, variant, len (gen unknown: left 0)
    uint8_t bytes[slots][max_len];      // each file's contents
    char problem[120] = {};             // why the disk does not fit any model, if it does not
};
Observed seen;

void note(const char* a, StringView b = {}) {
    size_t at = 0;
    for (const char* p = a; *p && at + 1 < sizeof seen.problem; ++p) seen.problem[at++] = *p;
    for (size_t i = 0; i < b.size() && at + 1 < sizeof seen.problem; ++i)
        seen.problem[at++] = b[i];
    seen.problem[at] = 0;
}

/// Reads /data/stress into `seen`; false (with seen.problem) for anything no model can hold.
bool observe(Namespace& names) {
    seen.shape = {};
    seen.problem[0] = 0;
    fs::DirEntry entry{};
    {
        auto top = names.open_dir("/data/stress");
        if (!top.ok()) return note("cannot open /data/stress"), false;
        uint64_t cookie = 0;
        for (;;) {
            auto more = top.value().read_dir(cookie, entry);
            if (!more.ok()) return note("read_dir /data/stress failed"), false;
            if (!more.value()) break;
            StringView n = entry.name_view();
            bool is_dir = entry.kind == fs::NodeKind::Directory;
            if (n == "step" && !is_dir) continue;
            if (n.size() == 2 && n[0] == 'd' && n[1] >= '0' && n[1] < '0' + dirs && is_dir)
                continue;
            if (n.size() == 2 && n[0] == 'x' && n[1] >= '0' && n[1] < '0' + int(xdirs) &&
                is_dir) {
                seen.shape.xdir[n[1] - '0'] = true;
                continue;
            }
            return note("unexpected entry /data/stress/", n), false;
        }
    }
    for (uint8_t d = 0; d < dirs; ++d) {
        Path dp = file_path(0, d, 0);
        dp.size = 15;
        auto dir = names.open_dir(dp.view());
        if (!dir.ok()) return note("cannot open ", dp.view()), false;
        uint64_t cookie = 0;
        for (;;) {
            auto more = dir.value().read_dir(cookie, entry);
            if (!more.ok()) return note("read_dir failed in ", dp.view()), false;
            if (!more.value()) break;
            StringView n = entry.name_view();
            if (n.size() != 3 || n[0] != 'f' || n[1] < '0' || n[1] >= '0' + int(slots) ||
                (n[2] != 'a' && n[2] != 'b') || entry.kind != fs::NodeKind::File)
                return note("unexpected entry ", dp.view()), false;
            Slot& slot = seen.shape.slot[n[1] - '0'];
            if (slot.exists) return note("a file in two places: ", n), false;
            slot.exists = true;
            slot.dir = d;
            slot.variant = static_cast<uint8_t>(n[2] - 'a');
        }
    }
    for (uint32_t i = 0; i < slots; ++i) {
        Slot& slot = seen.shape.slot[i];
        if (!slot.exists) continue;
        Path p = file_path(i, slot.dir, slot.variant);
        auto file = names.open(p.view());
        if (!file.ok()) return note("cannot open ", p.view()), false;
        auto info = file.value().stat();
        if (!info.ok()) return note("cannot stat ", p.view()), false;
        if (info.value().size > max_len) return note("too large: ", p.view()), false;
        slot.len = info.value().size;
        auto got = file.value().read(0, std::span<uint8_t>(seen.bytes[i], slot.len));
        if (!got.ok() || got.value() != slot.len) return note("cannot read ", p.view()), false;
    }
    return true;
}

/// Whether the disk holds exactly `m`; if not, the first difference into `why`.
using Why = FormatBuffer<120>;
bool matches(const Model& m, Why& why) {
    auto say = [&](const char* what, uint32_t i, uint64_t a, uint64_t b) {
        why.clear();
        format(why, "{}{}: disk {}, expected {}", what, i, a, b);
        return false;
    };
    for (uint32_t x = 0; x < xdirs; ++x)
        if (m.xdir[x] != seen.shape.xdir[x]) return say("directory x", x, seen.shape.xdir[x],
                                                       m.xdir[x]);
    for (uint32_t i = 0; i < slots; ++i) {
        const Slot& want = m.slot[i];
        const Slot& got = seen.shape.slot[i];
        if (want.exists != got.exists) return say("file f", i, got.exists, want.exists);
        if (!want.exists) continue;
        if (want.dir != got.dir) return say("directory of f", i, got.dir, want.dir);
        if (want.variant != got.variant) return say("name variant of f", i, got.variant,
                                                    want.variant);
        if (want.len != got.len) return say("size of f", i, got.len, want.len);
        for (uint64_t k = 0; k < want.len; ++k)
            if (seen.bytes[i][k] != content(want.gen, k))
                return say("a byte differs in f", i, seen.bytes[i][k], content(want.gen, k));
    }
    return true;
}

int run(Namespace& names) {
    // The layout, made once (a cut during the first boot's setup leaves part of it: tolerated).
    for (StringView d : {StringView("/data/stress"), StringView("/data/stress/d0"),
                         StringView("/data/stress/d1"), StringView("/data/stress/d2")}) {
        Status made = names.mkdir(d);
        if (!made.ok() && made.error() != Error::AlreadyExists) {
            print("mkdir {}: {}", d, error_name(made.error()));
            return 2;
        }
    }
    auto step_file = names.open("/data/stress/step", fs::open_create, fs::all_file_rights);
    if (!step_file.ok()) {
        print("open /data/stress/step: {}", error_name(step_file.error()));
        return 2;
    }
    File& counter = step_file.value();
    uint64_t n = 0;
    auto got = counter.read(0, std::span(reinterpret_cast<uint8_t*>(&n), sizeof n));
    if (!got.ok() || got.value() != sizeof n) n = 0;  // a fresh disk: nothing promised yet

    // What the last sync promised, and the later steps that may have completed before the cut.
    if (!observe(names)) {
        print("FAILED to verify {}: {}", n, StringView(seen.problem));
        return 1;
    }
    Model m = model_at(n);
    Why why, first_why;
    uint64_t later = 0;
    for (;; ++later) {
        if (matches(m, later == 0 ? first_why : why)) break;
        if (later == batch) {
            print("FAILED to verify {}: the disk matches no step from {} to {}; against {}: {}",
                  n, n, n + batch, n, first_why.view());
            return 1;
        }
        uint64_t s = n + later + 1;
        apply(m, plan(m, s), s);
    }
    print("verified {} (and {} later steps)", n, later);

    // Onwards from there.
    uint64_t s = n + later;
    uint64_t end = (s / batch + batches_per_boot) * batch;
    while (s < end) {
        ++s;
        Step step = plan(m, s);
        Status done = perform(names, m, step);
        if (!done.ok()) {
            print("step {}: {} f{}: {}", s, kind_name(step.kind), step.index,
                  error_name(done.error()));
            return 2;
        }
        apply(m, step, s);
        if (s % batch == 0) {
            auto wrote = counter.write(0, std::span(reinterpret_cast<const uint8_t*>(&s),
                                                    sizeof s));
            Status synced = counter.sync();
            if (!wrote.ok() || !synced.ok()) {
                print("step {}: writing the counter or sync failed", s);
                return 2;
            }
            print("synced {}", s);
        }
    }
    print("done at step {}", s);
    return 0;
}

}  // namespace

int main() {
    auto names = Namespace::receive(startup_argument(0));
    if (!names.ok()) {
        print("no namespace: {}", error_name(names.error()));
        return 3;
    }
    return run(names.value());
}
