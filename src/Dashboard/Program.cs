using GoLive.Dashboard;

return await ControlRoomHost.RunAsync(args);
