#!/usr/bin/env python3
"""Asks X windows to close the way a window manager's close button does: a WM_DELETE_WINDOW
client message (xdotool's windowclose destroys the window instead). Usage: close-window.py ID..."""
import ctypes
import ctypes.util
import sys


class ClientMessage(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int), ("serial", ctypes.c_ulong), ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p), ("window", ctypes.c_ulong), ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int), ("data", ctypes.c_long * 5),
    ]


class Event(ctypes.Union):
    _fields_ = [("client", ClientMessage), ("pad", ctypes.c_long * 24)]


def main() -> int:
    x = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11") or "libX11.so.6")
    x.XOpenDisplay.restype = ctypes.c_void_p
    x.XInternAtom.restype = ctypes.c_ulong
    x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    x.XSendEvent.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.c_void_p]
    x.XFlush.argtypes = [ctypes.c_void_p]
    display = x.XOpenDisplay(None)
    if not display:
        print("close-window: cannot open the display", file=sys.stderr)
        return 1
    protocols = x.XInternAtom(display, b"WM_PROTOCOLS", 0)
    delete = x.XInternAtom(display, b"WM_DELETE_WINDOW", 0)
    for arg in sys.argv[1:]:
        ev = Event()
        ev.client.type = 33  # ClientMessage
        ev.client.window = int(arg)
        ev.client.message_type = protocols
        ev.client.format = 32
        ev.client.data[0] = delete
        ev.client.data[1] = 0  # CurrentTime
        x.XSendEvent(display, int(arg), 0, 0, ctypes.byref(ev))
    x.XFlush(display)
    return 0


if __name__ == "__main__":
    sys.exit(main())
