#include "ChildServer.h"

#include "ChildRun.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

#include <csignal>

ChildServer::ChildServer(const QString& home)
{
    m_process.setProcessEnvironment(ChildRun::environment(home));
}

ChildServer::~ChildServer()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(TimeoutMs);
    }
}

bool ChildServer::start(const QString& program, const QStringList& arguments)
{
    m_process.start(program, arguments);
    if (!m_process.waitForStarted(TimeoutMs)) {
        return false;
    }
    const QDeadlineTimer deadline(TimeoutMs);
    while (!m_process.canReadLine()) {
        if (deadline.hasExpired()
            || !m_process.waitForReadyRead(static_cast<int>(qMax<qint64>(1, deadline.remainingTime())))) {
            return false;
        }
    }
    m_firstLine = m_process.readLine();
    static const QRegularExpression listening(QStringLiteral("^listening on http://127\\.0\\.0\\.1:(\\d+)/\\n$"));
    const QRegularExpressionMatch match = listening.match(QString::fromUtf8(m_firstLine));
    m_port = match.hasMatch() ? match.captured(1).toUShort() : 0;
    return true;
}

bool ChildServer::stop(int signalNumber, int timeoutMs)
{
    ::kill(static_cast<pid_t>(m_process.processId()), signalNumber);
    return m_process.waitForFinished(timeoutMs);
}
