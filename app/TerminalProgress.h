#pragma once

#include <QElapsedTimer>
#include <QString>

#include <cstdio>

/**
 * "exported 12,345 of 1,000,000" on one line of a terminal, redrawn at most five times a second;
 * nothing at all where the stream is not a terminal (a pipe, a file, CI's log).
 */
class TerminalProgress
{
public:
    /// Shows on @p stream when it is a terminal and @p wanted is true.
    explicit TerminalProgress(std::FILE* stream, bool wanted = true);
    ~TerminalProgress();
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;

    bool isShown() const { return m_shown; }
    /// For tests: show on @p stream whatever it is.
    void forceShown() { m_shown = true; }
    void setTotal(qint64 total) { m_total = total; }
    /// @p done of the total so far: redrawn when a fifth of a second has passed, and at the total.
    void update(qint64 done);
    /// Clears the line, so that what is printed next starts clean.
    void finish();

    /// "exported 12,345 of 1,000,000" (the system locale's digit grouping).
    static QString text(qint64 done, qint64 total);

private:
    std::FILE* m_stream;
    bool m_shown = false;
    bool m_drawn = false;
    qint64 m_total = 0;
    QElapsedTimer m_sinceDrawn;
};
