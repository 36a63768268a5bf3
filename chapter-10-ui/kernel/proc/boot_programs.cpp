#include "kernel/proc/boot_programs.hpp"

#include <atomic>

#include "kernel/log.hpp"
#include "kernel/memory/physical.hpp"
#include "kernel/proc/memory_usage.hpp"
#include "kernel/proc/process.hpp"
#include "kernel/sched/scheduler.hpp"
#include "kernel/sync/interrupts_off.hpp"
#include "lib/boot/boot_image.hpp"
#include "kernel/object/boot_image_object.hpp"
#include "kernel/object/interrupt_object.hpp"
#include "kernel/object/io_ports.hpp"
#include "kernel/boot_config.hpp"
#include "kernel/object/resource.hpp"

namespace boot_programs {
namespace {

BootImage image;  // indexed once by init; no files until it found a valid archive
std::atomic<bool> runner_done{false};

/// Longest program list the runner keeps (the boot options are boot data: never freed).
constexpr size_t max_programs = 16;
StringView run_list;
constexpr ipc::Rights root_image_rights =
    ipc::Rights::Read | ipc::Rights::Manage | ipc::Rights::Duplicate | ipc::Rights::Transfer;

/// The next space-separated word of `text` at or after `at`, advancing `at` past it.
StringView next_word(StringView text, size_t& at) {
    while (at < text.size() && text[at] == ' ') ++at;
    size_t start = at;
    while (at < text.size() && text[at] != ' ') ++at;
    return text.substr(start, at - start);
}

/// Starts program `name`. Interrupts stay off until it is fully set up, so it cannot run early.
Result<Process*> start(StringView name, StringView& why) {
    InterruptsOff off;
    std::span<const uint8_t> elf = TRY(find(name));
    // The kernel's programs start with one handle: the boot image, to spawn others from it.
    // Made first, so that no memory for it means no process rather than one without it.
    ObjectRef image = TRY(try_make_object<BootImageObject>());
    Process* p = TRY(process::spawn(name, elf, why));
    auto handle = p->handles.add(std::move(image), root_image_rights);
    if (handle.ok()) p->startup_arguments[0] = handle.value();
    // And the root resource (argument 3): the power over hardware, which init shares out among
    // the drivers, each getting only what its device needs. Test programs get it too.
    auto root = try_make_object<ResourceObject>(ResourceKind::Root);
    if (root.ok()) {
        auto root_handle = p->handles.add(std::move(root.value()),
                                          ipc::Rights::Manage | ipc::Rights::Transfer |
                                              ipc::Rights::Duplicate);
        if (root_handle.ok()) p->startup_arguments[3] = root_handle.value();
    }
    return p;
}

/// The runner task: spawn everything first (so the programs run side by side), then collect.
void run_programs(void*) {
    MemoryUsage before = memory_usage();
    uint32_t pids[max_programs] = {};
    StringView names[max_programs];
    size_t count = 0, at = 0;
    for (StringView name = next_word(run_list, at); !name.empty() && count < max_programs;
         name = next_word(run_list, at)) {
        StringView why = "";
        auto started = start(name, why);
        if (!started.ok()) {
            klog::info("run: cannot start '{}': {}{}{}", name, error_name(started.error()),
                       why.empty() ? "" : ": ", why);
            continue;
        }
        names[count] = name;
        pids[count++] = started.value()->pid;
    }
    for (size_t i = 0; i < count; ++i) {
        auto status = process::wait(pids[i]);
        if (!status.ok()) klog::info("run: lost track of pid {}", pids[i]);
        else if (status.value().killed_by >= 0)
            klog::info("run: {} (pid {}) was killed by exception {}, exit code {}", names[i],
                       pids[i], status.value().killed_by, status.value().code);
        else
            klog::info("run: {} (pid {}) exited with code {}", names[i], pids[i],
                       status.value().code);
    }
    // The programs' own children end after them (collected as they exit): wait for them too.
    while (process::count() > 0) scheduler::sleep(1);
    klog::info("run: all {} programs collected", count);
    // Processes must give everything back: frames, heap blocks (objects), kernel stacks.
    MemoryUsage after = memory_usage();
    klog::info("run: in use before and after: {} and {} user frames, {} and {} kernel heap "
               "blocks, {} and {} kernel stacks, {} and {} frames outside the heap and kernel "
               "tables", before.user_frames, after.user_frames, before.heap_blocks,
               after.heap_blocks, before.stacks, after.stacks, before.other_frames,
               after.other_frames);
    runner_done.store(true);
}

}  // namespace

void init(const BootInfo& boot) {
    if (boot.boot_image == 0) {
        klog::info("boot image: none; no programs to run");
        return;
    }
    std::span<const uint8_t> bytes(
        physical::to_virtual(PhysAddr(boot.boot_image)).as_ptr<const uint8_t>(),
        boot.boot_image_size);
    StringView why = "";
    auto parsed = BootImage::parse(bytes, &why);
    if (!parsed.ok()) {
        klog::error("boot image: rejected ({}: {}); no programs to run", error_name(parsed.error()),
                    why);
        return;
    }
    image = parsed.value();
    klog::info("boot image: {} files, {} KiB", image.count(), bytes.size() >> 10);
    for (size_t i = 0; i < image.count(); ++i) {
        auto file = image.file(i);
        if (file.ok())
            klog::debug("boot image:   {} ({} bytes)", file.value().name, file.value().data.size());
    }
}

Result<std::span<const uint8_t>> find(StringView name) {
    BootImageFile file = TRY(image.find(name));
    return file.data;
}

Result<BootImageFile> file(size_t index) {
    // One more file after the archive's: boot.cfg, the boot options. It is how init learns what
    // a test run asks of it (`init.run = ...`): the programs that read the boot image see it.
    if (index == image.count()) {
        StringView text = boot_config::options().text();
        return BootImageFile{"boot.cfg", std::span(reinterpret_cast<const uint8_t*>(text.data()),
                                                   text.size())};
    }
    return image.file(index);
}

void start_init() {
    InterruptsOff off;  // init must not run before it has all its handles
    StringView why = "";
    auto started = start("init", why);
    if (!started.ok()) {
        klog::error("init: cannot start: {}{}{}", error_name(started.error()),
                    why.empty() ? "" : ": ", why);
        return;
    }
    Process& init = *started.value();
    // Five ports: 0x60 data ... 0x64 status/command.
    constexpr uint16_t keyboard_data = 0x60, keyboard_ports = 5;
    constexpr uint8_t keyboard_irq = 1;
    using ipc::Rights;
    // Fallible like every object, though at boot there is room: init then lacks the handle.
    auto ports = try_make_object<IoPortsObject>(keyboard_data, keyboard_ports);
    // Claimed like any ISA line, so interrupt_create_isa(root, 1) finds it taken.
    auto irq = InterruptObject::create_isa(keyboard_irq);
    if (ports.ok()) {
        auto handle = init.handles.add(std::move(ports.value()),
                                       Rights::Read | Rights::Write | Rights::Transfer);
        if (handle.ok()) init.startup_arguments[1] = handle.value();
    }
    if (irq.ok()) {
        auto handle = init.handles.add(std::move(irq.value()), Rights::Manage | Rights::Transfer);
        if (handle.ok()) init.startup_arguments[2] = handle.value();
    }
    klog::info("init: started as pid {} with the boot image, the keyboard's ports and IRQ {}",
               init.pid, keyboard_irq);
}

void start_runner(StringView names) {
    run_list = names;
    runner_done.store(false);
    if (!scheduler::spawn("runner", run_programs, nullptr).ok()) {
        klog::error("run: cannot start the runner task");
        runner_done.store(true);
    }
}

bool finished() { return runner_done.load(); }

}  // namespace boot_programs
