// A device interrupt as a kernel object. A driver binds it to a channel endpoint; from then on
// each interrupt on the line becomes a message the driver reads from the channel's other end.
// The line stays masked from the interrupt until the driver acknowledges it (irq_ack), so a
// driver that is slow to run sees one message per batch of work, never a flood.
#pragma once
#include <cstdint>

#include "kernel/arch/x86_64/interrupt_frame.hpp"
#include "kernel/ipc/channel.hpp"
#include "kernel/object/kernel_object.hpp"

/// The tag of the message an interrupt sends.
inline constexpr uint32_t interrupt_message_tag = 0x1F0;

/// One legacy IRQ line (0-15), delivered through the PIC.
class InterruptObject final : public KernelObject {
public:
    /// For object_cast.
    static constexpr ObjectType object_type = ObjectType::Interrupt;
    /// The line `irq`, not bound yet.
    explicit InterruptObject(uint8_t irq) : KernelObject(ObjectType::Interrupt), irq_(irq) {}
    /// Unbinds and masks the line: no interrupt reaches a dead driver.
    ~InterruptObject() override;

    /// Sends every interrupt of the line into `endpoint` (its peer receives them) and unmasks
    /// the line. NotPermitted when another object already owns the line.
    [[nodiscard]] Status bind(RefPtr<ChannelEndpoint> endpoint);
    /// Unmasks the line after the driver handled an interrupt.
    void acknowledge();
    /// A free vector for message-signalled interrupts (MSI) as an object: a device raises it by
    /// writing msi_data() to msi_address(). OutOfMemory when every MSI vector is taken.
    [[nodiscard]] static Result<RefPtr<InterruptObject>> create_msi();
    /// The address a device writes to raise this interrupt (the local APIC of this CPU).
    [[nodiscard]] uint64_t msi_address() const;
    /// The value it writes: the vector (fixed delivery, edge triggered).
    [[nodiscard]] uint32_t msi_data() const;
    /// Legacy ISA line `line` (through the PIC, as the keyboard's) as an object, not bound yet.
    /// InvalidArgument for 0 (the PIT's), 2 (the cascade to the second PIC) and above 15;
    /// AlreadyExists while another object for the line exists (MSI vectors included), so two
    /// drivers never share one line.
    [[nodiscard]] static Result<RefPtr<InterruptObject>> create_isa(uint8_t line);

private:
    static void on_interrupt(InterruptFrame& frame);
    uint8_t irq_;
    RefPtr<ChannelEndpoint> endpoint_;
    // An MSI cannot be masked at its source: one that comes before the driver's acknowledgement
    // is remembered (pending_) and delivered at the acknowledgement.
    void deliver();
    bool msi_ = false;
    bool awaiting_ack_ = false;
    bool pending_ = false;
    bool claimed_ = false;  // made by create_isa: its line is taken until the object goes
};
