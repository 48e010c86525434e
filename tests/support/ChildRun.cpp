#include "ChildRun.h"

QByteArray ChildRun::describe() const
{
    return "exit " + QByteArray::number(exitCode) + (status == QProcess::CrashExit ? " (crashed)" : "")
        + (finished ? "" : " (timed out)") + "\nstdout: " + out + "\nstderr: " + err;
}

QProcessEnvironment ChildRun::environment(const QString& home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    return env;
}

ChildRun ChildRun::run(const QString& program, const QStringList& arguments, const QString& home, int timeoutMs)
{
    QProcess p;
    p.setProcessEnvironment(environment(home));
    p.start(program, arguments);
    ChildRun r;
    r.finished = p.waitForStarted(timeoutMs) && p.waitForFinished(timeoutMs);
    if (!r.finished) {
        p.kill();
        p.waitForFinished(timeoutMs);
    }
    r.status = p.exitStatus();
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}
