#include "kernel/object/interrupt_object.hpp"

#include "kernel/arch/x86_64/idt.hpp"
#include "kernel/arch/x86_64/irq.hpp"
#include "kernel/arch/x86_64/pic.hpp"
#include "kernel/sync/interrupts_off.hpp"
#include "kernel/arch/x86_64/local_apic.hpp"

namespace {

constexpr unsigned irq_lines = 16;
// Which object owns each line. Not references: an object unbinds itself in its destructor.
InterruptObject* owners[irq_lines] = {};
// MSI vectors reuse the vectors of PIC lines 8-14, which no driver is given (the PIC keeps them
// masked); 15 is left out, as the slave PIC's spurious line.
constexpr unsigned first_msi_line = 8, last_msi_line = 14;
// Lines create_isa handed out: taken from the object's creation on, not only once bound.
uint16_t claimed_lines = 0;

}  // namespace

InterruptObject::~InterruptObject() {
    InterruptsOff off;
    if (claimed_) claimed_lines &= static_cast<uint16_t>(~(1u << irq_));
    if (owners[irq_] == this) {
        pic::mask(irq_);
        owners[irq_] = nullptr;
    }
}

Status InterruptObject::bind(RefPtr<ChannelEndpoint> endpoint) {
    InterruptsOff off;
    if (owners[irq_] && owners[irq_] != this) return Error::NotPermitted;
    endpoint_ = std::move(endpoint);
    owners[irq_] = this;
    irq::set_handler(idt::irq_base + irq_, on_interrupt);
    if (msi_) return true;  // the PIC line stays masked: the device raises the vector itself
    pic::unmask(irq_);
    return true;
}

void InterruptObject::acknowledge() {
    InterruptsOff off;
    if (msi_) {
        awaiting_ack_ = false;
        if (pending_) {
            pending_ = false;
            deliver();
        }
        return;
    }
    if (owners[irq_] == this) pic::unmask(irq_);
}

void InterruptObject::on_interrupt(InterruptFrame& frame) {
    unsigned irq = static_cast<unsigned>(frame.vector - idt::irq_base);
    if (irq < irq_lines && owners[irq] && owners[irq]->msi_) {
        InterruptObject* owner = owners[irq];
        if (owner->awaiting_ack_) owner->pending_ = true;  // one pending is remembered
        else owner->deliver();
        return;  // the local APIC already had its EOI (irq::dispatch); the PIC was not involved
    }
    pic::mask(irq);  // until the driver acknowledges
    pic::end_of_interrupt(irq);
    InterruptObject* owner = irq < irq_lines ? owners[irq] : nullptr;
    if (!owner || !owner->endpoint_) return;
    QueuedMessage message;
    message.header.tag = interrupt_message_tag;
    message.header.payload_size = 1;
    message.payload[0] = static_cast<uint8_t>(irq);
    // A full queue or a closed driver: the interrupt is dropped, the line stays masked.
    (void)owner->endpoint_->write(message);
}

Result<RefPtr<InterruptObject>> InterruptObject::create_msi() {
    InterruptsOff off;
    for (unsigned line = first_msi_line; line <= last_msi_line; ++line) {
        if (owners[line]) continue;
        if (claimed_lines & (1u << line)) continue;
        RefPtr<InterruptObject> object =
            TRY(try_make_object<InterruptObject>(static_cast<uint8_t>(line)));
        object->msi_ = true;
        owners[line] = object.get();  // taken from now on, bound or not
        return object;
    }
    return Error::OutOfMemory;
}

uint64_t InterruptObject::msi_address() const {
    return 0xFEE0'0000ull | uint64_t{local_apic::id()} << 12;
}

uint32_t InterruptObject::msi_data() const { return idt::irq_base + irq_; }

void InterruptObject::deliver() {
    if (!endpoint_) return;
    QueuedMessage message;
    message.header.tag = interrupt_message_tag;
    message.header.payload_size = 1;
    message.payload[0] = static_cast<uint8_t>(msi_data());
    // A full queue or a closed driver: dropped; the next acknowledgement lets the next through.
    if (endpoint_->write(message).ok()) awaiting_ack_ = true;
}

Result<RefPtr<InterruptObject>> InterruptObject::create_isa(uint8_t line) {
    InterruptsOff off;
    if (line == 0 || line == 2 || line >= irq_lines) return Error::InvalidArgument;
    if (owners[line] || (claimed_lines & (1u << line))) return Error::AlreadyExists;
    RefPtr<InterruptObject> object = TRY(try_make_object<InterruptObject>(line));
    object->claimed_ = true;
    claimed_lines |= static_cast<uint16_t>(1u << line);
    return object;
}
