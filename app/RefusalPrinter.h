#pragma once

#include <QObject>
#include <QTimer>

class CaptureServer;
class QIODevice;
class RefusalLog;

/**
 * Prints each request a CaptureServer refuses as one line ("hookscope: refused 400 from
 * 127.0.0.1:51234 (POST /hook): Invalid header value char"), for `hookscope serve`. At most
 * MaxLinesPerSecond lines a second; past that, one "... and N more refused requests" a second, so
 * a flood of bad requests can't flood the terminal (or a log file behind it).
 */
class RefusalPrinter : public QObject
{
    Q_OBJECT

public:
    static constexpr int MaxLinesPerSecond = 10;

    /// Prints to @p output (standard error when null) for as long as @p server lives (its child).
    explicit RefusalPrinter(CaptureServer* server, QIODevice* output = nullptr);
    ~RefusalPrinter() override;

private:
    void print(const RefusalLog& latest);
    void endSecond();
    void writeLine(const QString& text);

    QIODevice* m_output;
    QTimer m_second; ///< running: lines were printed in the current second
    int m_linesThisSecond = 0;
    quint64 m_untold = 0; ///< refused this second beyond the lines printed
};
