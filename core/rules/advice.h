#pragma once
// The safety advice given wherever a stalkerware-like finding is reported (alert descriptions
// and the verdict): one text, so that the wording never drifts between them.
#include <string_view>

namespace zeekscope {

inline constexpr std::string_view kSafetyAdvice =
    "If you think someone installed it to watch you, plan your safety before you remove "
    "anything: removing it may alert that person. A local support service for domestic abuse "
    "or a digital security helpline can help you check the phone.";

}  // namespace zeekscope
