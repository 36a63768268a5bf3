// Crash consistency of cjfs, CrashMonkey style. A fixed, seeded workload (create, write,
// truncate, rename, unlink, mkdir, sync) runs on a CrashDisk; after every single write the
// test takes the disk a power cut would leave at that moment -- the last flushed image plus all,
// or a random subset, of the writes since -- and checks each one: mount (which replays the log)
// succeeds, fsck finds nothing, and the tree is exactly the model's tree before or after the
// operation in flight: every completed operation is there with its data, the one in flight is
// there whole or not at all.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "crash_disk.hpp"
#include "lib/fs/cjfs/cjfs.hpp"
#include "lib/fs/cjfs/mkfs.hpp"
#include "test_cjfs_support.hpp"

using namespace cjfs_test;

namespace {

constexpr int kOps = 160;
constexpr int kRandomSubsets = 3;  // besides "every pending write kept"

/// The workload's view of the file system: the tree, and the node of every path.
struct Model {
    Tree tree;
    std::map<std::string, fs::NodeId> nodes;
};

std::string parent_of(const std::string& path) { return path.substr(0, path.rfind('/')); }
std::string leaf_of(const std::string& path) { return path.substr(path.rfind('/') + 1); }
StringView view(const std::string& s) { return {s.data(), s.size()}; }

/// Drives one random operation on `fs` and `model` alike; false when it picked nothing to do.
class Workload {
public:
    Workload(fs::FileSystem& fs, uint32_t seed) : fs_(fs), rng_(seed) { model_.nodes[""] = fs.root(); }

    [[nodiscard]] const Tree& tree() const { return model_.tree; }

    // One step; returns a description for failure messages.
    std::string step() {
        for (;;) {
            switch (rng_() % 10) {
            case 0: case 1: if (create(false)) return "create";
                break;
            case 2: case 3: case 4: if (write()) return "write";
                break;
            case 5: if (truncate()) return "truncate";
                break;
            case 6: if (rename()) return "rename";
                break;
            case 7: if (unlink()) return "unlink";
                break;
            case 8: if (create(true)) return "mkdir";
                break;
            case 9: REQUIRE(fs_.sync().ok());
                return "sync";
            }
        }
    }

private:
    std::vector<std::string> paths(int kind) {  // 0 files, 1 directories (with the root), 2 both
        std::vector<std::string> out;
        if (kind != 0) out.push_back("");
        for (const auto& [path, data] : model_.tree)
            if (kind == 2 || (kind == 0) == data.has_value()) out.push_back(path);
        return out;
    }
    template <typename T>
    const T& pick(const std::vector<T>& v) { return v[rng_() % v.size()]; }

    bool create(bool dir) {
        std::string parent = pick(paths(1));
        std::string path = parent + "/" + (dir ? "d" : "f") + std::to_string(rng_() % 4);
        if (model_.tree.count(path)) return false;
        Result<fs::NodeId> made = fs_.create(model_.nodes[parent], view(leaf_of(path)),
                                             dir ? fs::NodeKind::Directory : fs::NodeKind::File);
        REQUIRE(made.ok());
        model_.nodes[path] = made.value();
        model_.tree[path] = dir ? std::nullopt : std::optional<std::string>("");
        return true;
    }
    bool write() {
        std::vector<std::string> files = paths(0);
        if (files.empty()) return false;
        std::string path = pick(files);
        std::string& data = *model_.tree[path];
        uint64_t offset = rng_() % (data.size() + 3000);
        std::string chunk(1 + rng_() % 9000, '\0');
        for (char& c : chunk) c = static_cast<char>('a' + rng_() % 26);
        Result<uint64_t> wrote = fs_.write(model_.nodes[path], offset, bytes(chunk));
        REQUIRE(wrote.ok());
        REQUIRE(wrote.value() == chunk.size());
        if (data.size() < offset + chunk.size()) data.resize(offset + chunk.size(), '\0');
        data.replace(offset, chunk.size(), chunk);
        return true;
    }
    bool truncate() {
        std::vector<std::string> files = paths(0);
        if (files.empty()) return false;
        std::string path = pick(files);
        std::string& data = *model_.tree[path];
        uint64_t size = rng_() % (data.size() + 5000);
        REQUIRE(fs_.truncate(model_.nodes[path], size).ok());
        data.resize(size, '\0');
        return true;
    }
    bool unlink() {
        std::vector<std::string> all = paths(2);
        all.erase(all.begin());  // not the root
        if (all.empty()) return false;
        std::string path = pick(all);
        bool dir = !model_.tree[path].has_value();
        if (dir && model_.tree.lower_bound(path + "/") != model_.tree.end() &&
            model_.tree.lower_bound(path + "/")->first.rfind(path + "/", 0) == 0)
            return false;  // not empty
        REQUIRE(fs_.unlink(model_.nodes[parent_of(path)], view(leaf_of(path))).ok());
        model_.tree.erase(path);
        model_.nodes.erase(path);
        return true;
    }
    bool rename() {
        std::vector<std::string> all = paths(2);
        all.erase(all.begin());
        if (all.empty()) return false;
        std::string from = pick(all);
        bool dir = !model_.tree[from].has_value();
        std::string to_parent = pick(paths(1));
        if (dir && (to_parent == from || to_parent.rfind(from + "/", 0) == 0)) return false;
        std::string to = to_parent + "/" + (rng_() % 2 ? "f" : "d") + std::to_string(rng_() % 4);
        if (to == from) return false;
        if (model_.tree.count(to) && (dir || !model_.tree[to].has_value())) return false;
        REQUIRE(fs_.rename(model_.nodes[parent_of(from)], view(leaf_of(from)),
                           model_.nodes[to_parent], view(leaf_of(to))).ok());
        model_.tree.erase(to);
        model_.nodes.erase(to);
        // Move the node and everything under it.
        Tree moved;
        std::map<std::string, fs::NodeId> moved_nodes;
        for (auto it = model_.tree.begin(); it != model_.tree.end();) {
            if (it->first == from || it->first.rfind(from + "/", 0) == 0) {
                std::string now = to + it->first.substr(from.size());
                moved[now] = it->second;
                moved_nodes[now] = model_.nodes[it->first];
                model_.nodes.erase(it->first);
                it = model_.tree.erase(it);
            } else {
                ++it;
            }
        }
        model_.tree.insert(moved.begin(), moved.end());
        model_.nodes.insert(moved_nodes.begin(), moved_nodes.end());
        return true;
    }

    fs::FileSystem& fs_;
    std::mt19937 rng_;
    Model model_;
};

}  // namespace

TEST_CASE("cjfs crash: every write boundary x subsets of unflushed writes recovers", "[cjfs][crash]") {
    auto started = std::chrono::steady_clock::now();
    MemoryDisk fresh(128 * 4096);
    REQUIRE(cjfs::mkfs(fresh, {.inode_count = 64, .log_blocks = 35}).ok());

    // First run, no crashes: the tree after each operation (the workload is deterministic).
    std::vector<Tree> states{Tree{}};  // states[i]: the tree after i operations
    std::vector<std::string> names;
    {
        MemoryDisk plain(fresh.image());
        auto fs = std::make_unique<cjfs::Cjfs>(plain);
        REQUIRE(fs->mount().ok());
        Workload workload(*fs, 2026);
        for (int i = 0; i < kOps; ++i) {
            names.push_back(workload.step());
            states.push_back(workload.tree());
        }
    }

    // Second run, the same operations on the crash simulator, checked after every write.
    CrashDisk disk(fresh.image());
    auto fs = std::make_unique<cjfs::Cjfs>(disk);
    REQUIRE(fs->mount().ok());
    Workload workload(*fs, 2026);
    size_t op = 0;
    std::mt19937 subsets(77);
    uint64_t checked = 0, in_flight_present = 0, in_flight_absent = 0;
    std::string failure;

    // One disk and one file system object, rebuilt in place for each state: allocating
    // half a megabyte per state would cost more than checking it.
    MemoryDisk crashed(fresh.image().size());
    auto holder = std::make_unique<std::optional<cjfs::Cjfs>>();
    auto check = [&](const std::string& what) {
        ++checked;
        cjfs::Cjfs* again = &holder->emplace(crashed);
        std::string where = "op " + std::to_string(op) + " (" + names[op] + "), write " +
                            std::to_string(disk.pending().size()) + " since the flush, " + what;
        if (!again->mount().ok()) {
            failure = where + ": mount failed: " +
                      std::string(again->problem().data(), again->problem().size());
            return;
        }
        std::string report = fsck_report(crashed);
        if (!report.empty()) {
            failure = where + ": fsck: " + report;
            return;
        }
        Tree tree;
        if (!read_tree(*again, again->root(), "", tree)) {
            failure = where + ": reading the tree failed";
        } else if (tree == states[op]) {
            ++in_flight_absent;
        } else if (tree == states[op + 1]) {
            ++in_flight_present;
        } else {
            failure = where + ": the tree is neither the one before nor after the operation";
        }
    };
    disk.after_write = [&] {
        if (!failure.empty()) return;
        disk.crash_image(crashed.image(), [](size_t) { return true; });
        check("all kept");
        for (int s = 0; s < kRandomSubsets && failure.empty(); ++s) {
            uint32_t seed = subsets();
            std::mt19937 keep(seed);
            disk.crash_image(crashed.image(), [&](size_t) { return keep() % 2 == 0; });
            check("subset seed " + std::to_string(seed));
        }
    };
    for (op = 0; op < kOps && failure.empty(); ++op) {
        REQUIRE(workload.step() == names[op]);
        REQUIRE(workload.tree() == states[op + 1]);
    }
    disk.after_write = nullptr;
    INFO(failure);
    CHECK(failure.empty());
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("cjfs crash test: %zu operations, %llu crash states checked (%llu with the "
                "operation in flight done, %llu without), %.1f s\n",
                op, static_cast<unsigned long long>(checked),
                static_cast<unsigned long long>(in_flight_present),
                static_cast<unsigned long long>(in_flight_absent), seconds);
    CHECK(checked > 2000);
    CHECK(in_flight_present > 0);
    CHECK(in_flight_absent > 0);
}
