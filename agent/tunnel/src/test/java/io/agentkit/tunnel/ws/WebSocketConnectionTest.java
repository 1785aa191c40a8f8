package io.agentkit.tunnel.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.tunnel.protocol.FrameWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Both roles over a real loopback socket pair. */
class WebSocketConnectionTest {

  private Socket clientSocket;
  private Socket serverSocket;
  private WebSocketConnection client;
  private WebSocketConnection server;

  @BeforeEach
  void connect() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      clientSocket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
      serverSocket = listener.accept();
    }
    client = new WebSocketConnection(clientSocket, clientSocket.getInputStream(), true, 1 << 20);
    server = new WebSocketConnection(serverSocket, serverSocket.getInputStream(), false, 70_000);
  }

  @AfterEach
  void close() {
    client.close();
    server.close();
  }

  @Test
  void maskedFramesArriveIntactWhetherBuiltInPlaceOrCopied() throws Exception {
    byte[] payload = new byte[65_000];
    new Random(1).nextBytes(payload);
    ByteBuffer inPlace = FrameWriter.dataBuffer(payload.length);
    inPlace.put(payload);
    ByteBuffer frame = FrameWriter.finishData(inPlace, 7);
    ByteBuffer expected = FrameWriter.data(7, payload, 0, payload.length);
    client.sendBinary(frame);
    client.sendBinary(FrameWriter.data(7, payload, 0, payload.length));
    client.sendBinary(new byte[] {1, 2, 3});
    assertThat(server.readMessage()).isEqualTo(expected);
    assertThat(server.readMessage()).isEqualTo(expected);
    assertThat(server.readMessage()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
  }

  @Test
  void serverFramesAreUnmaskedAndPingsAreAnswered() throws Exception {
    server.sendBinary(new byte[200]);
    assertThat(client.readMessage().remaining()).isEqualTo(200);
    // The client answers a server ping itself while reading; the server sees only the next message.
    serverSocket.getOutputStream().write(new byte[] {(byte) 0x89, 1, 42});
    server.sendBinary(new byte[] {9});
    assertThat(client.readMessage()).isEqualTo(ByteBuffer.wrap(new byte[] {9}));
    client.sendBinary(new byte[] {5});
    assertThat(server.readMessage()).isEqualTo(ByteBuffer.wrap(new byte[] {5}));
  }

  @Test
  void oversizedMessagesAreRefused() throws Exception {
    client.sendBinary(new byte[80_000]);
    assertThatThrownBy(server::readMessage).isInstanceOf(WebSocketConnection.TooBig.class);
  }

  @Test
  void aServerRefusesUnmaskedFrames() throws Exception {
    clientSocket.getOutputStream().write(new byte[] {(byte) 0x82, 1, 7});
    assertThatThrownBy(server::readMessage).isInstanceOfSatisfying(WebSocketConnection.Closed.class,
        e -> assertThat(e.code()).isEqualTo(WebSocketConnection.WS_PROTOCOL_ERROR));
  }

  @Test
  void closeIsAnsweredAndReported() throws Exception {
    client.sendClose(4002, "bad frame");
    assertThatThrownBy(server::readMessage).isInstanceOfSatisfying(WebSocketConnection.Closed.class, e -> {
      assertThat(e.code()).isEqualTo(4002);
      assertThat(e.getMessage()).isEqualTo("bad frame");
    });
    assertThatThrownBy(client::readMessage).isInstanceOfSatisfying(WebSocketConnection.Closed.class, e -> assertThat(e.code()).isEqualTo(4002));
  }

  @Test
  void textMessagesAreRejected() throws Exception {
    client.sendText("hi");
    assertThatThrownBy(server::readMessage).isInstanceOf(WebSocketConnection.TextMessage.class);
  }
}
