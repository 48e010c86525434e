#pragma once

#include <QProcess>
#include <QStringList>

/// A running `hookscope serve` or `hookscope forward` child (it must print "listening on URL" first),
/// killed if a test leaves it behind.
class ChildServer
{
public:
    static constexpr int TimeoutMs = 30000;

    /// The child's settings and default history land in @p home (see ChildRun::environment).
    explicit ChildServer(const QString& home);
    ~ChildServer();
    ChildServer(const ChildServer&) = delete;
    ChildServer& operator=(const ChildServer&) = delete;

    /// Starts @p program with @p arguments and reads its first stdout line; false when none came.
    bool start(const QString& program, const QStringList& arguments);
    QByteArray firstLine() const { return m_firstLine; }
    /// The port of "listening on http://127.0.0.1:PORT/", 0 when the first line was something else.
    quint16 port() const { return m_port; }
    QProcess& process() { return m_process; }
    /// Sends @p signalNumber and waits for the end; false when it is still running after @p timeoutMs.
    bool stop(int signalNumber, int timeoutMs = 5000);

private:
    QProcess m_process;
    QByteArray m_firstLine;
    quint16 m_port = 0;
};
