#pragma once

#include "AppSettings.h"
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
        /// The options given ("--port", "--db"...): they override the saved settings for this run only.
        QStringList given;
    };

    /// Reads the options before any QApplication exists, so a usage error is one line on stderr
    /// and nothing else. Returns -1 to go on, else the exit code (help printed, or a usage error).
    static int parse(const QStringList& arguments, Options* options);
    /// Needs a QApplication. Returns the exit code.
    static int run(const Options& options);
    /// The settings for this run: @p saved, with what the command line gave on top.
    static AppSettings settingsForRun(const AppSettings& saved, const Options& options);
    /// The capture's config for this run (@p settings on top of the options) with the checks the
    /// window shares with it (CaptureChecks::prepare), so that the window never restarts it to add them.
    static ServerConfig captureConfig(const AppSettings& settings, const Options& options);
    /// True when no display is reachable (no X11 or Wayland, no QT_QPA_PLATFORM): run headless.
    static bool noDisplay();
};
