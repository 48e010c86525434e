#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

/// One run of a child program (the real hookscope binary, usually) to its end, with what it printed.
struct ChildRun
{
    bool finished = false; ///< ended by itself within the timeout
    QProcess::ExitStatus status = QProcess::CrashExit;
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    /// Exit code, stdout and stderr, for a failure message.
    QByteArray describe() const;

    /// The system environment with HOME, XDG_DATA_HOME and XDG_CONFIG_HOME in @p home: a child's
    /// default history and settings land there, never in the user's.
    static QProcessEnvironment environment(const QString& home);
    /// Runs @p program with @p arguments in environment(@p home); killed after @p timeoutMs.
    static ChildRun run(
        const QString& program, const QStringList& arguments, const QString& home, int timeoutMs = 60000);
};
