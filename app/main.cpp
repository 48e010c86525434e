#include "CommandLine.h"
#include "Version.h"
#include "WindowCommand.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>
#include <cstring>

namespace {

// `hookscope` alone, or with options only, is the window; any command word (wherever it stands)
// or --version/--help is the command line, which also reports misplaced options.
bool wantsWindow(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        for (const char* cli :
            {"serve", "export", "import", "resend", "forward", "send", "help", "--version", "-v", "--help", "-h"}) {
            if (std::strcmp(argv[i], cli) == 0) {
                return false;
            }
        }
    }
    return argc < 2 || argv[1][0] == '-';
}

void describe()
{
    // Settings go to ~/.config/Hookscope/Hookscope.conf (no organisation: "Unknown Organization").
    QCoreApplication::setOrganizationName(QStringLiteral("Hookscope"));
    QCoreApplication::setApplicationName(QStringLiteral("Hookscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HOOKSCOPE_VERSION));
}

} // namespace

int main(int argc, char* argv[])
{
    if (wantsWindow(argc, argv) && !WindowCommand::noDisplay()) {
        QStringList arguments;
        for (int i = 0; i < argc; ++i) {
            arguments.append(QString::fromLocal8Bit(argv[i]));
        }
        describe(); // before parse(): the default history's folder is named after the application
        WindowCommand::Options options;
        const int exit = WindowCommand::parse(arguments, &options);
        if (exit >= 0) {
            return exit;
        }
        QApplication app(argc, argv);
        QApplication::setDesktopFileName(QStringLiteral(HOOKSCOPE_APP_ID));
        return WindowCommand::run(options);
    }
    QCoreApplication app(argc, argv);
    describe();
    QStringList arguments = QCoreApplication::arguments();
    if (wantsWindow(argc, argv)) {
        std::fputs("hookscope: no display: capturing headless instead (hookscope serve)\n", stderr);
        arguments.insert(1, QStringLiteral("serve"));
    }
    return CommandLine::run(arguments);
}
