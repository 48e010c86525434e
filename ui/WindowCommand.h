#pragma once

#include "ServerConfig.h"

#include <QStringList>

/// `hookscope [--bind ADDR] [--port N] [--db FILE] [--max-body BYTES]`: the inspector window,
/// capturing as it opens.
class WindowCommand
{
public:
    struct Options
    {
        ServerConfig config;
        QString dbPath;
    };

    /// Reads the options before any QApplication exists, so a usage error is one line on stderr
    /// and nothing else. Returns -1 to go on, else the exit code (help printed, or a usage error).
    static int parse(const QStringList& arguments, Options* options);
    /// Needs a QApplication. Returns the exit code.
    static int run(const Options& options);
    /// True when no display is reachable (no X11 or Wayland, no QT_QPA_PLATFORM): run headless.
    static bool noDisplay();
};
