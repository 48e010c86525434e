#pragma once

#include <QElapsedTimer>

/// Milliseconds on a clock that never jumps, shared by the capture thread's timeouts.
class MonotonicClock
{
public:
    static qint64 nowMs()
    {
        static const QElapsedTimer start = [] {
            QElapsedTimer t;
            t.start();
            return t;
        }();
        return start.elapsed();
    }
};
