#include "kernel/object/interrupt_object.hpp"

#include "kernel/arch/x86_64/idt.hpp"
#include "kernel/arch/x86_64/irq.hpp"
#include "kernel/arch/x86_64/pic.hpp"
#include "kernel/sync/interrupts_off.hpp"

namespace {

constexpr unsigned irq_lines = 16;
// Which object owns each line. Not references: an object unbinds itself in its destructor.
InterruptObject* owners[irq_lines] = {};

}  // namespace

InterruptObject::~InterruptObject() {
    InterruptsOff off;
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
    pic::unmask(irq_);
    return true;
}

void InterruptObject::acknowledge() {
    InterruptsOff off;
    if (owners[irq_] == this) pic::unmask(irq_);
}

void InterruptObject::on_interrupt(InterruptFrame& frame) {
    unsigned irq = static_cast<unsigned>(frame.vector - idt::irq_base);
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
