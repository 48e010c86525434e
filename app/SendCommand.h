#pragma once

#include <QStringList>

/// `hookscope send`: the provider's side, simulated: realistic webhooks of chosen channel events,
/// sent to a URL (by default Hookscope's own endpoint).
class SendCommand
{
public:
    static int run(const QStringList& arguments);
};
